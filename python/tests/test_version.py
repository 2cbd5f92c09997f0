"""`python -m bugscope --version` says which engine a program would get, and why not the faster one."""
import json
import os
import subprocess
import sys
import unittest

from dapclient import PYTHON_DIR, tracer_env

REPO = os.path.dirname(PYTHON_DIR)


def version_line(**env):
    done = subprocess.run([sys.executable, "-m", "bugscope", "--version"], env=tracer_env(env),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


class VersionTest(unittest.TestCase):
    def test_version_names_the_release_the_interpreter_and_the_engine(self):
        with open(os.path.join(REPO, "package.json")) as f:
            release = json.load(f)["version"]
        line = version_line()
        self.assertTrue(line.startswith("bugscope %s on CPython %d.%d.%d: engine " % ((release,) + sys.version_info[:3])),
                        line)
        if sys.version_info >= (3, 12):
            self.assertIn(": engine sys.monitoring", line)  # "+ native conditions (C)" where they build

    @unittest.skipIf(sys.version_info >= (3, 12), "3.12+ always uses sys.monitoring")
    def test_without_the_c_tracer_it_says_why(self):
        self.assertEqual(version_line(BUGSCOPE_NATIVE="0").split(": ", 1)[1],
                         "engine sys.settrace (pure Python); the C tracer is not used: disabled by BUGSCOPE_NATIVE=0")

    def test_version_takes_no_program(self):
        done = subprocess.run([sys.executable, "-m", "bugscope", "--version", "x.py"], env=tracer_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
        self.assertEqual(done.returncode, 2)
        self.assertIn("--version take nothing else", done.stderr)


if __name__ == "__main__":
    unittest.main()
