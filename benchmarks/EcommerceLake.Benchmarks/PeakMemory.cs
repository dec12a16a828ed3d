namespace EcommerceLake.Benchmarks;

/// <summary>
/// This process's resident memory from <c>/proc/self/status</c> (Linux, proc(5)): <c>VmRSS</c> now and <c>VmHWM</c>,
/// the peak since start or since <see cref="Reset"/> (writing 5 to <c>/proc/self/clear_refs</c>, Linux ≥ 4.0).
/// Values in bytes; 0 where the files are missing (not Linux).
/// </summary>
public static class PeakMemory
{
    /// <summary>Current resident set size, bytes.</summary>
    public static long Current() => Read("VmRSS:");

    /// <summary>Peak resident set size since start or the last <see cref="Reset"/>, bytes.</summary>
    public static long Peak() => Read("VmHWM:");

    /// <summary>Collects garbage (compacting) and resets the peak to the current resident size.</summary>
    /// <returns>False when the kernel refused the reset (the peak then counts from the process start).</returns>
    public static bool Reset()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary><paramref name="bytes"/> in MiB.</summary>
    public static double MiB(long bytes) => bytes / 1024.0 / 1024.0;

    private static long Read(string key)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return 0;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        var kib = line?[key.Length..].Trim().Split(' ')[0];
        return long.TryParse(kib, out var value) ? value * 1024 : 0;
    }
}
