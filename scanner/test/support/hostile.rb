# frozen_string_literal: true

require "fileutils"
require "socket"

module KcsRootTest
  # Root trees holding what a hostile image can put where a profile reads: a FIFO at /etc/shadow, device nodes (made
  # with mknod: the tests run as root), a link to a character device, a socket, and a sparse file of gigabytes, next
  # to ordinary files that must still be read.
  module Hostile
    SPARSE_BYTES = 3 * 1024**3
    ORDINARY = {
      "etc/passwd" => "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/app:/sbin/nologin\n",
      "etc/group" => "root:x:0:\napp:x:1000:\n",
      "etc/os-release" => "ID=debian\nVERSION_ID=\"12\"\n",
      "etc/debian_version" => "12.8\n"
    }.freeze
    # path => [the refusal the scanner log names, the type Train reports for the path itself]
    REFUSED = {
      "/etc/shadow" => ["a FIFO", :pipe],
      "/dev/zero" => ["a character device", :character_device],
      "/etc/zero" => ["a character device", :symlink],
      "/dev/loop9" => ["a block device", :block_device],
      "/run/app.sock" => ["a socket", :socket],
      "/var/lib/big.img" => ["3 GiB, more than max-file-size (64 MiB)", :file]
    }.freeze

    module_function

    # Builds the hostile entries under root; returns the sockets' servers (keep them open while reading).
    def build(root)
      Roots.write_tree(root, ORDINARY)
      %w[etc dev run var/lib].each { |dir| FileUtils.mkdir_p(File.join(root, dir)) }
      File.mkfifo(File.join(root, "etc/shadow"), 0o640)
      mknod(File.join(root, "dev/zero"), "c", 1, 5)
      mknod(File.join(root, "dev/loop9"), "b", 7, 9)
      # Absolute: it must resolve inside the root, to the root's own device node.
      File.symlink("/dev/zero", File.join(root, "etc/zero"))
      File.open(File.join(root, "var/lib/big.img"), "w") { |f| f.truncate(SPARSE_BYTES) }
      [UNIXServer.new(File.join(root, "run/app.sock"))]
    end

    def mknod(path, type, major, minor)
      system("mknod", "-m", "0666", path, type, major.to_s, minor.to_s, exception: true)
    end
  end
end
