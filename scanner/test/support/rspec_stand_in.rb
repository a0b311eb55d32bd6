# frozen_string_literal: true

# Stands in for the two classes of rspec-support that the transport's DiffGuard wraps, where Debian's ruby-rspec-support
# is not installed (the test uses the real ones when it is). Only the methods DiffGuard overrides, doing what they do
# in rspec-support 3.12 closely enough for the test: a line diff, and inspect cut to max_formatted_output_length.
module RSpec
  module Support
    def self.require_rspec_support(_name); end

    class Differ
      def diff_as_string(actual, expected)
        removed = (expected.lines - actual.lines).map { |l| "-#{l}" }
        added = (actual.lines - expected.lines).map { |l| "+#{l}" }
        (removed + added).join
      end

      def diff_as_object(actual, expected)
        diff_as_string(actual.inspect, expected.inspect)
      end
    end

    class ObjectFormatter
      attr_accessor :max_formatted_output_length

      def initialize(max_formatted_output_length = 200)
        @max_formatted_output_length = max_formatted_output_length
      end

      def format(object)
        text = object.inspect
        half = max_formatted_output_length / 2
        text.length < max_formatted_output_length ? text : "#{text[0, half]}...#{text[-half..]}"
      end
    end
  end
end
