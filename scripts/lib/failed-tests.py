"""Lists the tests that did not pass in the .trx files of a test run, one block per test, so that the tail of a
CI log names what failed. Usage: python3 failed-tests.py RESULTS_DIR. Prints nothing when every test passed or was
skipped. Each block: the outcome and the test's name, then the first lines of its error message (at most 6 lines of
at most 300 characters). The .trx schema is Visual Studio's TeamTest 2010 one (UnitTestResult/Output/ErrorInfo)."""
import glob
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}

for path in sorted(glob.glob(f"{sys.argv[1]}/*.trx")):
    for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", NS):
        if result.get("outcome") in ("Passed", "NotExecuted"):
            continue
        print(f"{result.get('outcome')}: {result.get('testName')}")
        message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=NS)
        for line in message.strip().splitlines()[:6]:
            print(f"    {line[:300]}")
