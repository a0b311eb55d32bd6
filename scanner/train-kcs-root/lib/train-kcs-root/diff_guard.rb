# frozen_string_literal: true

module TrainPlugins
  module KcsRoot
    # When a string expectation fails, RSpec adds a line diff of the whole actual value to the message, and the JSON
    # report keeps it. The value comes from the image: in CINC Auditor (InSpec 6.8) a failed
    # `its('content') { should match(/x/) }` on a 60 MiB file of short lines took 43 s and 850 MiB of memory for the
    # diff alone and put 80 MB into the report, more than the pod log can bring back; with smaller lines it runs out of
    # memory. The caps on files and command output cannot bound that, so in the scanner's process RSpec's differ leaves
    # out the diff of any value over LIMIT bytes and says so. RSpec cuts the value in the message to 200 characters, but
    # only after inspecting all of it (up to four times its size for binary content, two seconds for 60 MiB): a string
    # over LIMIT is cut to its first and last LIMIT / 2 bytes first. Installed by the connection once RSpec is loaded
    # (InSpec loads it before it makes the backend).
    module DiffGuard
      LIMIT = 64 * 1024
      NOTE = "\n(diff not shown: kcs-root leaves out diffs of values over 64 KiB, which come from the image)\n"

      def diff_as_string(actual, expected)
        return NOTE if DiffGuard.oversized?(actual) || DiffGuard.oversized?(expected)

        super
      end

      def diff_as_object(actual, expected)
        return NOTE if DiffGuard.oversized?(actual) || DiffGuard.oversized?(expected)

        super
      end

      # Prepended to RSpec::Support::ObjectFormatter.
      module Format
        def format(object)
          return super unless object.is_a?(String) && object.bytesize > LIMIT && max_formatted_output_length

          super(object.byteslice(0, LIMIT / 2) + object.byteslice(-LIMIT / 2, LIMIT / 2))
        end
      end

      module_function

      def install
        return false unless defined?(::RSpec::Support.require_rspec_support)

        ::RSpec::Support.require_rspec_support("differ")
        ::RSpec::Support.require_rspec_support("object_formatter")
        { ::RSpec::Support::Differ => DiffGuard, ::RSpec::Support::ObjectFormatter => Format }.each do |klass, guard|
          klass.prepend(guard) unless klass.ancestors.include?(guard)
        end
        true
      rescue LoadError, NameError
        false
      end

      # Whether the strings in value (also inside arrays and hashes) add up to more than LIMIT bytes; stops early.
      def oversized?(value)
        pending = [value]
        bytes = 0
        until pending.empty?
          item = pending.pop
          case item
          when String then bytes += item.bytesize
          when Array then return true if item.size > LIMIT || pending.concat(item).size > LIMIT
          when Hash then return true if item.size > LIMIT || pending.concat(item.keys, item.values).size > LIMIT
          end
          return true if bytes > LIMIT
        end
        false
      end
    end
  end
end
