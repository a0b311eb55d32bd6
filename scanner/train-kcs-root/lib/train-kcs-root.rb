# frozen_string_literal: true

# Train transport "kcs-root": reads a container's root filesystem at /proc/<pid>/root (or any directory) as if it
# were the whole machine, for stock CINC Auditor / InSpec run in a sidecar:
#
#   cinc-auditor exec <profile> -t kcs-root:///proc/<pid>/root
#
# Train finds this file through $LOAD_PATH (Train.load_transport tries require "train-kcs-root"), so putting this
# folder on RUBYLIB is enough: no gem install. Everything below uses require_relative for the same reason.
require "train" unless defined?(::Train::Plugins::Transport)

require_relative "train-kcs-root/version"
require_relative "train-kcs-root/transport"
