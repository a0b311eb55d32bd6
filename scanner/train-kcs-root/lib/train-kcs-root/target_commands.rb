# frozen_string_literal: true

module TrainPlugins
  module KcsRoot
    # Commands whose answer is the target process's state rather than its files, answered from TargetView without
    # running anything (so they work on shell-less roots too), or rewritten so the image's own tools read the
    # target's state instead of the scanner's:
    #   env | printenv                         the environment commands get (InSpec's os_env runs `env`)
    #   mount                                  the target's mount table, in `mount`'s format
    #   mount | grep -- ' on <path> '          what Train's file#mounted sends (InSpec's mount resource)
    #   mount | <anything else>                runs <anything else> in the target with the table on its stdin
    # A chrooted `mount` would read /proc/self/mountinfo, i.e. the mount namespace of the forked scanner process,
    # which shows none of the target's mounts. Without a target process (a directory root) nothing is answered here.
    class TargetCommands
      Answer = Struct.new(:stdout, :stderr, :exit_status)

      TRAIN_MOUNTED = /\Amount \| grep -- ' on ([^']*) '\z/
      MOUNT_PIPE = /\Amount\s*\|(?!\|)(.*)\z/m
      # `sh -c <cmd>` passes cmd as one argument: Linux refuses a single argument over 128 KiB.
      MAX_REWRITTEN = 100 << 10

      def initialize(view)
        @view = view
      end

      # An Answer, or nil when cmd is not answered here.
      def answer(cmd)
        return nil unless @view.process?

        case cmd.strip
        when "env", "printenv" then Answer.new(env_text, "", 0)
        when "mount" then mount_answer
        when TRAIN_MOUNTED then mounted_answer(Regexp.last_match(1))
        end
      end

      # The command to run in the target: a `mount | …` pipeline gets the target's table from printf (a builtin of
      # every shell) instead of the image's mount binary; anything else unchanged.
      def rewrite(cmd)
        match = MOUNT_PIPE.match(cmd.strip)
        text = match && @view.process? && @view.mount_text
        return cmd unless text

        rewritten = "printf '%s' #{shell_quote(text)} |#{match[1]}"
        rewritten.bytesize > MAX_REWRITTEN ? cmd : rewritten
      end

      private

      def env_text
        @view.command_environment.map { |name, value| "#{name}=#{value}\n" }.join
      end

      def mount_answer
        text = @view.mount_text
        return Answer.new(text, "", 0) if text

        Answer.new("", "mount: kcs-root: cannot read the mount table of target process #{@view.pid}\n", 1)
      end

      # grep's answer: the matching lines and 0, or nothing and 1 (2 when the table cannot be read).
      def mounted_answer(path)
        text = @view.mount_text
        return Answer.new("", "kcs-root: cannot read the mount table of target process #{@view.pid}\n", 2) unless text

        lines = text.each_line.select { |line| line.include?(" on #{path} ") }
        Answer.new(lines.join, "", lines.empty? ? 1 : 0)
      end

      def shell_quote(text)
        "'#{text.gsub("'", "'\\\\''")}'"
      end
    end
  end
end
