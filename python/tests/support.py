"""Shared test case: each test starts real tracer processes and always cleans them up."""
import unittest

from dapclient import DapClient


class TracerTestCase(unittest.TestCase):
    def launch(self, args, wait_for_client=True, env=None, cwd=None):
        client = DapClient.launch_listen(args, wait_for_client=wait_for_client, env=env, cwd=cwd)
        self.addCleanup(client.close)
        return client
