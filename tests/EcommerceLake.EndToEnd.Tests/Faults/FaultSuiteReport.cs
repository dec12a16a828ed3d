using System.Globalization;
using System.Text;
using EcommerceLake.Testing;

namespace EcommerceLake.EndToEnd.Tests.Faults;

/// <summary>
/// The fault suite's table (a class fixture): each case records its fault, expected and actual outcome, the time from
/// the run's request to its end and from the fault to the end, and the file is rewritten after every case, so a
/// suite cut short still leaves the cases that ran. Written to <c>LAKE_FAULT_REPORT</c>, else
/// <c>TestResults/fault-suite.md</c> under the repository root (the folder scripts/test.sh collects results in).
/// </summary>
public sealed class FaultSuiteReport
{
    private readonly List<string> _rows = [];

    /// <summary>Starts an empty table (replacing one left by an earlier suite run).</summary>
    public FaultSuiteReport()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        Write();
    }

    /// <summary>Where the table is written.</summary>
    public static string Path =>
        Environment.GetEnvironmentVariable("LAKE_FAULT_REPORT") is { Length: > 0 } path
            ? path
            : RepositoryRoot.Combine("TestResults", "fault-suite.md");

    /// <summary>Adds a case's row and rewrites the file.</summary>
    /// <param name="fault">What was done to the run.</param>
    /// <param name="expected">The outcome the case asserts.</param>
    /// <param name="outcome">The run's state at the end of the case (or why there was none).</param>
    /// <param name="toEnd">From the run's request to its end, when it ended.</param>
    /// <param name="recovery">From the fault to the run's end, when both happened.</param>
    /// <param name="detail">What the fault hit, and the first line of the failure when the case failed.</param>
    /// <param name="passed">Whether every assertion of the case held.</param>
    internal void Record(
        string fault, string expected, string outcome, TimeSpan? toEnd, TimeSpan? recovery, string detail, bool passed)
    {
        var row = $"| {Cell(fault)} | {expected} | {Cell(outcome)} | {Seconds(toEnd)} | {Seconds(recovery)} " +
                  $"| {(passed ? "pass" : "FAIL")} | {Cell(detail)} |";
        lock (_rows)
        {
            _rows.Add(row);
            Write();
        }
    }

    private void Write()
    {
        var text = new StringBuilder()
            .AppendLine("| fault | expected | outcome | request → end (s) | fault → end (s) | result | detail |")
            .AppendLine("|---|---|---|---:|---:|---|---|");
        foreach (var row in _rows) text.AppendLine(row);
        File.WriteAllText(Path, text.ToString());
    }

    private static string Seconds(TimeSpan? time) =>
        time is { } t ? t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) : "—";

    private static string Cell(string text)
    {
        var line = text.Split('\n')[0].Trim().Replace("|", "\\|", StringComparison.Ordinal);
        return line.Length <= 240 ? line : line[..240] + "…";
    }
}
