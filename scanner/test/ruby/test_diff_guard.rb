# frozen_string_literal: true

require_relative "test_helper"
# Debian's ruby-rspec-support when installed (KCS_RSPEC_STAND_IN=1 forces the stand-in), else the stand-in.
begin
  raise LoadError if ENV["KCS_RSPEC_STAND_IN"]

  require "rspec/support"
  RSpec::Support.require_rspec_support("differ")
  RSpec::Support.require_rspec_support("object_formatter")
rescue LoadError
  require_relative "../support/rspec_stand_in"
end

# A failed expectation on content from the image must not cost memory and time in proportion to that content: RSpec's
# diff and its inspect of the value are bounded once the connection has installed the guard.
class KcsRootDiffGuardTest < Minitest::Test
  include KcsRootTest::Helpers

  def setup
    super
    connection(tree("x" => ""))
  end

  def test_a_large_value_gets_no_diff_but_a_note
    big = "line of the image\n" * 400_000
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    differ = RSpec::Support::Differ.new
    assert_equal TrainPlugins::KcsRoot::DiffGuard::NOTE, differ.diff_as_string(big, "/needle/\n")
    assert_equal TrainPlugins::KcsRoot::DiffGuard::NOTE, differ.diff_as_object([big], ["x"])
    assert_equal TrainPlugins::KcsRoot::DiffGuard::NOTE, differ.diff_as_object({ "k" => big.lines }, {})
    assert_operator Process.clock_gettime(Process::CLOCK_MONOTONIC) - started, :<, 1
  end

  def test_small_values_are_diffed_as_before
    diff = RSpec::Support::Differ.new.diff_as_string("a\nb\n", "a\nc\n").to_s
    assert_includes diff, "-c"
    assert_includes diff, "+b"
  end

  def test_a_large_value_is_cut_before_it_is_inspected
    big = ("\xff".b * 10_000_000) + "END".b
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    shown = RSpec::Support::ObjectFormatter.new.format(big)
    assert_operator Process.clock_gettime(Process::CLOCK_MONOTONIC) - started, :<, 1
    assert_operator shown.length, :<=, 210
    assert shown.end_with?("END\""), shown
    assert_equal "\"short\"", RSpec::Support::ObjectFormatter.new.format("short")
  end

  def test_installing_twice_wraps_once
    assert TrainPlugins::KcsRoot::DiffGuard.install
    assert_equal 1, RSpec::Support::Differ.ancestors.count(TrainPlugins::KcsRoot::DiffGuard)
  end
end
