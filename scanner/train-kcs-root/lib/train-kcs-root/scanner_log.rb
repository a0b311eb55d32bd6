# frozen_string_literal: true

module TrainPlugins
  module KcsRoot
    # Lines the transport adds to the scanner's log (its stderr, which the pod log shows next to the scan output), so
    # the user sees why a control found no content or a command's output was cut. Text that comes from the scan (paths,
    # commands) is printed with every byte outside printable ASCII escaped, so it cannot start a line of its own.
    module ScannerLog
      module_function

      def say(message)
        $stderr.write("kcs-root: #{message}\n")
      rescue IOError, SystemCallError
        nil
      end

      def printable(text, limit: 300)
        shown = text.to_s.b.gsub(/[^\x20-\x7e]/n) { |byte| format("\\x%02x", byte.ord) }
        shown.size > limit ? "#{shown[0, limit]}..." : shown
      end
    end
  end
end
