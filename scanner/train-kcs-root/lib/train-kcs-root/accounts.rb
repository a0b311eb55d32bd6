# frozen_string_literal: true

module TrainPlugins
  module KcsRoot
    # User and group names from the target's own /etc/passwd and /etc/group. The scanner's Etc database would name
    # the scanner's accounts: UID 65532 is "nonroot" in a distroless image and nobody at all in the scanner.
    class Accounts
      def initialize(read_file)
        @read_file = read_file
      end

      def user_name(uid)
        users[uid]
      end

      def group_name(gid)
        groups[gid]
      end

      private

      def users
        @users ||= parse(@read_file.call("/etc/passwd"))
      end

      def groups
        @groups ||= parse(@read_file.call("/etc/group"))
      end

      # name:x:id:... lines; the first name wins for a shared id (as getpwuid does); NIS "+"/"-" lines are skipped.
      def parse(content)
        (content || "").each_line.with_object({}) do |line, ids|
          fields = line.chomp.split(":", -1)
          next if fields.size < 3 || fields[0].empty? || fields[0].start_with?("+", "-", "#")
          next unless fields[2].match?(/\A\d+\z/)

          ids[Integer(fields[2], 10)] ||= fields[0]
        end
      end
    end
  end
end
