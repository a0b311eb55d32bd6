# frozen_string_literal: true

# Prints, as JSON, the metadata of every control in a profile's controls/*.rb: id, title, descriptions, impact,
# tags, whether it is guarded by only_if, whether it runs a command and whether it lists the image's files
# (image_files, image_leftovers). The files are evaluated in a recording sandbox, not by InSpec: control bodies run
# with every resource replaced by an inert stand-in, so nothing is read from this machine.
#
# Usage: ruby scanner/test/profile/collect-controls.rb profiles/container-baseline
require "json"

module KcsProfileCheck
  # Answers any resource call or method chain without doing anything.
  class Inert < BasicObject
    def method_missing(*_args)
      self
    end

    def respond_to_missing?(*_args)
      true
    end

    def to_ary
      []
    end

    def to_a
      []
    end

    def to_s
      ""
    end

    def to_i
      0
    end

    def !
      false
    end
  end

  # The body of one control: records the metadata calls, ignores the tests.
  class ControlRecorder
    attr_reader :data

    def initialize(id, file)
      @data = { "id" => id, "file" => file, "descriptions" => {}, "tags" => {}, "only_if" => [], "commands" => 0,
                "walks" => 0 }
    end

    def impact(value)
      @data["impact"] = value
    end

    def title(value)
      @data["title"] = value
    end

    def desc(label, text = nil)
      if text.nil?
        text = label
        label = "default"
      end
      @data["descriptions"][label.to_s] = text
    end

    def tag(*args)
      args.each do |arg|
        arg.is_a?(::Hash) ? arg.each { |k, v| @data["tags"][k.to_s] = v } : @data["tags"][arg.to_s] = nil
      end
    end

    def ref(*_args); end

    def only_if(message = nil, impact: nil)
      @data["only_if"] << { "message" => message, "impact" => impact }
    end

    def command(*_args)
      @data["commands"] += 1
      Inert.new
    end

    def image_files(*_args)
      @data["walks"] += 1
      Inert.new
    end
    alias image_leftovers image_files

    def describe(*_args); end

    def input(*_args)
      Inert.new
    end

    def method_missing(*_args)
      Inert.new
    end

    def respond_to_missing?(*_args)
      true
    end
  end

  # The top level of a control file.
  class FileContext
    def initialize(file, controls)
      @file = file
      @controls = controls
    end

    def control(id, &block)
      recorder = ControlRecorder.new(id, @file)
      recorder.instance_eval(&block)
      @controls << recorder.data
    end
    alias rule control

    def input(*_args)
      Inert.new
    end

    def method_missing(*_args)
      Inert.new
    end

    def respond_to_missing?(*_args)
      true
    end
  end
end

profile = ARGV.fetch(0) { abort "usage: collect-controls.rb <profile directory>" }
controls = []
Dir[File.join(profile, "controls", "*.rb")].sort.each do |path|
  KcsProfileCheck::FileContext.new(File.basename(path), controls).instance_eval(File.read(path), path)
end
puts JSON.pretty_generate(controls)
