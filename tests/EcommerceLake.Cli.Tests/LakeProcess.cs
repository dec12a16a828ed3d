using System.Diagnostics;

namespace EcommerceLake.Cli.Tests;

/// <summary>The <c>lake</c> command run as a process, its output piped, as a script or a CI log runs it.</summary>
internal static class LakeProcess
{
    /// <summary>What one run of <c>lake</c> printed and how it exited.</summary>
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>
    /// Runs <c>lake.dll</c> (built beside the tests) with <paramref name="args"/> in <paramref name="directory"/>
    /// (default: the test's current directory), under a terminal type and colour request that would make a console
    /// detect ANSI support, and <paramref name="environment"/> on top of the test's own (a null value removes a
    /// variable).
    /// </summary>
    public static async Task<Result> RunAsync(IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string?>? environment = null, string? directory = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (directory is not null) start.WorkingDirectory = directory;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lake.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["TERM"] = "xterm-256color";
        start.Environment["COLORTERM"] = "truecolor";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, await output, await error);
    }
}
