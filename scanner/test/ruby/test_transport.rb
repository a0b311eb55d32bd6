# frozen_string_literal: true

require_relative "test_helper"

class KcsRootTransportTest < Minitest::Test
  include KcsRootTest::Helpers

  def test_registers_under_its_name_with_defaults
    assert_same TrainPlugins::KcsRoot::Transport, Train::Plugins.registry.fetch("kcs-root")
    transport = TrainPlugins::KcsRoot::Transport.new(path: tree("x" => ""))
    conn = transport.connection
    assert_same conn, transport.connection, "the connection is memoised"
    assert_kind_of Train::Plugins::Transport::BaseConnection, conn
    assert_equal "/bin/sh", conn.send(:options)[:shell]
    assert_equal 600, conn.send(:options)[:command_timeout]
    refute conn.local?
  end

  def test_the_command_hook_takes_options_so_inspec_timeouts_arrive
    hook = TrainPlugins::KcsRoot::Connection.instance_method(:run_command_via_connection)
    assert_equal(-2, hook.arity)
    assert_includes TrainPlugins::KcsRoot::Connection.private_instance_methods, :run_command_via_connection
    assert_includes TrainPlugins::KcsRoot::Connection.private_instance_methods, :file_via_connection
  end

  def test_lookalike_probes_are_not_answered
    probes = TrainPlugins::KcsRoot::Probes.new(TrainPlugins::KcsRoot::PathResolver.new(tree("etc/x" => "")))
    ["test -f /etc/x; id", "test -f /etc/x && cat /etc/x; id", "uname -a", "test -f $(id)", "test -f /etc/x | sh",
     "test -f '/etc/x'"].each do |cmd|
      assert_nil probes.answer(cmd), cmd
    end
    refute_nil probes.answer("test -f /etc/x")
  end
end

class KcsRootAccountsTest < Minitest::Test
  def test_parses_the_first_name_for_each_id_and_skips_odd_lines
    files = {
      "/etc/passwd" => "# comment\nroot:x:0:0::/root:/bin/sh\n+nisuser::::::\nalias:x:0:0::/:/bin/sh\n" \
                       "bad:x:notanumber:0::/:\nshort:x\napp:x:1000:1000::/app:/sbin/nologin",
      "/etc/group" => nil
    }
    accounts = TrainPlugins::KcsRoot::Accounts.new(->(path) { files.fetch(path) })
    assert_equal "root", accounts.user_name(0)
    assert_equal "app", accounts.user_name(1000)
    assert_nil accounts.user_name(12)
    assert_nil accounts.group_name(0), "a missing /etc/group names no group"
  end
end
