# -*- Python -*-
# lit configuration that runs qnn's GoogleTest binaries, so that their results
# are counted in the same summary as the FileCheck tests.

import os

import lit.formats

config.name = "qnn-unit"
config.test_format = lit.formats.GoogleTest(".", "Tests")
config.test_source_root = os.path.join(config.qnn_obj_root, "unittests")
config.test_exec_root = config.test_source_root
