# frozen_string_literal: true

# A minimal stand-in for the parts of Train 3.x that the kcs-root plugin builds on, for tests on machines without
# Train. It mimics only what the real classes do for the plugin (read from train's lib/train/plugins/transport.rb,
# plugins/base_connection.rb, file.rb, extras/command_wrapper.rb, errors.rb); platform detection is not mimicked:
# the detection commands themselves are a recorded fixture. Loaded before the plugin, so the plugin's
# `require "train"` is skipped.
module Train
  class Error < StandardError; end
  class TransportError < Error; end
  class CommandTimeoutReached < Error; end

  module Extras
    CommandResult = Struct.new(:stdout, :stderr, :exit_status)
  end

  def self.plugin(version = 1)
    raise ArgumentError, "only plugin API 1 exists" unless version == 1

    Plugins::Transport
  end

  class Plugins
    def self.registry
      @registry ||= {}
    end

    class Transport
      class << self
        # `name "x"` registers the transport, as Train::Plugins.registry does.
        def name(value = nil)
          return super() if value.nil?

          Train::Plugins.registry[value] = self
        end

        def option(key, opts = {})
          default_options[key] = opts
        end

        def default_options
          @default_options ||= {}
        end
      end

      def initialize(options = {})
        defaults = self.class.default_options.each_with_object({}) do |(key, opts), all|
          all[key] = opts[:default] if opts.key?(:default)
        end
        @options = defaults.merge(options)
      end

      class BaseConnection
        def initialize(options = nil)
          @options = options || {}
          @file_cache = {}
        end

        # Dispatches on the arity of the private hook, as the real run_command does.
        def run_command(cmd, opts = {}, &data_handler)
          if method(:run_command_via_connection).arity.abs == 2
            run_command_via_connection(cmd, opts, &data_handler)
          else
            run_command_via_connection(cmd, &data_handler)
          end
        end

        # Files are cached per path, as in the real class (its file cache is on by default).
        def file(path, *args)
          @file_cache[path] ||= file_via_connection(path, *args)
        end

        def close; end

        private

        attr_reader :options
      end
    end
  end

  class File
    def initialize(backend, path, follow_symlink = true) # rubocop:disable Style/OptionalBooleanParameter -- Train's signature
      @backend = backend
      @path = path || ""
      @follow_symlink = follow_symlink
    end

    def source
      @follow_symlink ? self.class.new(@backend, @path, false) : self
    end

    def source_path
      @path
    end

    def path
      symlink? && @follow_symlink ? link_path : @path
    end
  end
end
