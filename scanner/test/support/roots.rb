# frozen_string_literal: true

require "fileutils"

module KcsRootTest
  # Builds directory trees that stand for container root filesystems.
  module Roots
    OS_RELEASE_DEBIAN = <<~TXT
      PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
      NAME="Debian GNU/Linux"
      VERSION_ID="12"
      VERSION="12 (bookworm)"
      ID=debian
    TXT

    # name => { path => content, or [:link, target] }. Shapes of real images, none with a shell.
    DETECTION_SCENARIOS = {
      "distroless-debian" => {
        "etc/debian_version" => "12.8\n",
        "usr/lib/os-release" => OS_RELEASE_DEBIAN,
        "etc/os-release" => [:link, "/usr/lib/os-release"],
        "etc/passwd" => "root:x:0:0:root:/root:/sbin/nologin\n" \
                        "nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n"
      },
      "ubuntu" => {
        "etc/debian_version" => "trixie/sid\n",
        "etc/lsb-release" => "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=24.04\nDISTRIB_CODENAME=noble\n",
        "etc/os-release" => "NAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\nID=ubuntu\nID_LIKE=debian\n"
      },
      "alpine" => {
        "etc/alpine-release" => "3.20.3\n",
        "etc/os-release" => "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.20.3\n"
      },
      "wolfi" => {
        "etc/os-release" => "ID=wolfi\nNAME=\"Wolfi\"\nPRETTY_NAME=\"Wolfi\"\nVERSION_ID=\"20230201\"\n"
      },
      "ubi-redhat" => {
        "etc/os-release" => "NAME=\"Red Hat Enterprise Linux\"\nVERSION_ID=\"9.4\"\nID=\"rhel\"\n",
        "etc/redhat-release" => "Red Hat Enterprise Linux release 9.4 (Plow)\n"
      },
      "scratch" => {
        "app/server" => "static binary\n"
      }
    }.freeze

    module_function

    def write_tree(root, files)
      files.each do |path, content|
        full = File.join(root, path)
        FileUtils.mkdir_p(File.dirname(full))
        if content.is_a?(Array) && content.first == :link
          File.symlink(content.last, full)
        else
          File.write(full, content)
        end
      end
    end
  end
end
