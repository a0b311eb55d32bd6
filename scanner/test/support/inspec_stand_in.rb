# frozen_string_literal: true

# A minimal stand-in for the parts of InSpec that the container-baseline profile's libraries build on, so that
# image_files can be tested on real trees through kcs-root without InSpec. It mimics only what the library uses, as
# read from InSpec's lib/inspec/resource.rb (a resource gets its backend before its own initialize, which receives the
# DSL call's arguments as a plain list) and lib/inspec/utils/filter.rb (FilterTable: columns, `where` with criteria
# and with a block evaluated against a row struct, a skipped resource answering with an exception catcher). The
# profile itself is run with the real InSpec by hand: see scanner/README.md.
module Inspec
  module Exceptions
    class ResourceSkipped < StandardError; end
    class ResourceFailed < StandardError; end
  end

  def self.resource(version)
    raise ArgumentError, "only resource version 1 exists" unless version == 1

    Resource
  end

  def self.registry
    @registry ||= {}
  end

  # Builds a registered resource as InSpec's registry wrapper does: the backend first, then initialize(*args).
  def self.build(name, runner, *args)
    resource = registry.fetch(name).allocate
    resource.instance_variable_set(:@__backend_runner__, runner)
    resource.send(:initialize, *args)
    resource
  end

  class Resource
    def self.name(value = nil)
      return super() if value.nil?

      Inspec.registry[value] = self
    end

    def self.desc(*); end

    def self.example(*); end

    def self.supports(*); end

    def inspec
      @__backend_runner__
    end
  end

  # What `inspec` is inside a resource: the Train connection as `backend`, and the resources the library calls.
  class Runner
    Result = Struct.new(:stdout, :stderr, :exit_status)

    attr_reader :backend

    def initialize(connection)
      @backend = connection
    end

    def file(path)
      @backend.file(path)
    end

    def command(cmd, _options = {})
      result = @backend.run_command(cmd)
      Result.new(result.stdout, result.stderr, result.exit_status)
    end

    # Other registered resources (a library resource using another), as InSpec's backend finds them.
    def method_missing(name, *args)
      Inspec.registry.key?(name.to_s) ? Inspec.build(name.to_s, self, *args) : super
    end

    def respond_to_missing?(name, include_private = false)
      Inspec.registry.key?(name.to_s) || super
    end
  end
end

module FilterTable
  # What a skipped resource's filter methods return: any call chain ends in itself.
  class ExceptionCatcher
    attr_reader :message

    def initialize(error)
      @message = error.message
    end

    def resource_skipped?
      true
    end

    def method_missing(*)
      self
    end

    def respond_to_missing?(*)
      true
    end
  end

  class Table
    attr_reader :raw_data

    def initialize(raw_data, columns)
      @raw_data = raw_data
      @columns = columns
    end

    def where(conditions = {}, &block)
      # As FilterTable matches a criterion that is neither a number nor a regexp: desired === value.
      rows = @raw_data.select { |row| conditions.all? { |field, wanted| wanted.send(:===, row[field]) } }
      if block
        fields = @columns.values.uniq
        context = Struct.new(*fields)
        rows = rows.select { |row| context.new(*fields.map { |field| row[field] }).instance_eval(&block) }
      end
      self.class.new(rows, @columns)
    end

    def entries
      @raw_data
    end

    def count
      @raw_data.size
    end

    def exist?
      !@raw_data.empty?
    end

    def column(name)
      @raw_data.map { |row| row[@columns.fetch(name)] }
    end
  end

  class Factory
    def initialize
      @columns = {}
    end

    def register_column(name, field:)
      @columns[name] = field
      self
    end

    def install_filter_methods_on_resource(resource_class, fetcher)
      columns = @columns
      table_class = Class.new(Table) { columns.each_key { |name| define_method(name) { column(name) } } }
      table = lambda do |resource|
        table_class.new(resource.send(fetcher), columns)
      rescue Inspec::Exceptions::ResourceSkipped => e
        ExceptionCatcher.new(e)
      end
      (%i[where entries count exist?] + columns.keys).each do |name|
        resource_class.define_method(name) { |*args, &block| table.call(self).public_send(name, *args, &block) }
      end
    end
  end

  def self.create
    Factory.new
  end
end
