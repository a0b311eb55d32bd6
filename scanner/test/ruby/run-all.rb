# frozen_string_literal: true

# Runs every minitest file of the kcs-root transport: ruby scanner/test/ruby/run-all.rb
Dir[File.join(__dir__, "test_*.rb")].sort.each { |file| require file }
