# frozen_string_literal: true

module TrainPlugins
  module KcsRoot
    # The caps that keep a hostile image from stalling or exhausting the scan: how many bytes of one file are read as
    # content, and how many bytes of output (stdout and stderr together) one command may write before it is killed.
    # Each comes from the transport option (-t kcs-root://…?max_file_size=N), else from the scanner's environment (the
    # pod sets KCS_MAX_FILE_SIZE and KCS_MAX_COMMAND_OUTPUT from the max-file-size and max-command-output inputs),
    # else the default. Values are whole numbers of bytes.
    class Limits
      DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024
      DEFAULT_MAX_COMMAND_OUTPUT = 16 * 1024 * 1024
      # name => [environment variable, default]
      SETTINGS = {
        max_file_size: ["KCS_MAX_FILE_SIZE", DEFAULT_MAX_FILE_SIZE],
        max_command_output: ["KCS_MAX_COMMAND_OUTPUT", DEFAULT_MAX_COMMAND_OUTPUT]
      }.freeze
      UNITS = [["GiB", 1024**3], ["MiB", 1024**2], ["KiB", 1024]].freeze

      attr_reader :max_file_size, :max_command_output

      def self.from(options, env = ENV)
        values = SETTINGS.to_h do |name, (variable, default)|
          option = options[name]
          given = option.nil? || option.to_s.empty? ? env[variable] : option
          source = option.nil? || option.to_s.empty? ? variable : "the option #{name}"
          [name, given.nil? || given.to_s.empty? ? default : byte_count(given, source)]
        end
        new(**values)
      end

      # A positive whole number of bytes, or a Train::TransportError that names where the value came from.
      def self.byte_count(value, source)
        text = value.to_s.strip
        return Integer(text, 10) if text.match?(/\A[1-9]\d{0,15}\z/)

        raise ::Train::TransportError,
              "kcs-root: #{source} is #{text.inspect}; it must be a whole number of bytes greater than 0"
      end

      # "64 MiB", "1.5 GiB", "512 bytes": sizes as the scanner log names them.
      def self.human(bytes)
        unit, size = UNITS.find { |_, s| bytes >= s }
        return "#{bytes} bytes" unless unit

        amount = (bytes.to_f / size).round(1)
        "#{amount == amount.to_i ? amount.to_i : amount} #{unit}"
      end

      def initialize(max_file_size: DEFAULT_MAX_FILE_SIZE, max_command_output: DEFAULT_MAX_COMMAND_OUTPUT)
        @max_file_size = max_file_size
        @max_command_output = max_command_output
      end
    end
  end
end
