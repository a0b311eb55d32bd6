# frozen_string_literal: true

module TrainPlugins
  module KcsRoot
    VERSION = "0.1.0"
  end
end
