using System.Globalization;
using Npgsql;

namespace EcommerceLake.Benchmarks;

/// <summary>
/// CPU time (user + system, seconds) of a PostgreSQL server on this machine: its postmaster (from the first line of
/// <c>{data_directory}/postmaster.pid</c>) with the children it has reaped (<c>cutime</c> + <c>cstime</c>), plus
/// every live child (backends, background workers), read from <c>/proc/{pid}/stat</c> (Linux, proc(5): fields 14–17,
/// in clock ticks of <c>getconf CLK_TCK</c>, 100 on Linux). A backend that exits during a measurement is counted
/// through its parent's reaped time, so the difference of two readings is the server's CPU in between. Every database
/// of the server is in it (the benchmark's source and warehouse share one). Unavailable (null) for a server whose data
/// directory this process cannot read: another machine, or another user's cluster.
/// </summary>
public sealed class ServerCpu
{
    private const double TicksPerSecond = 100;
    private readonly int _postmaster;

    private ServerCpu(int postmaster) => _postmaster = postmaster;

    /// <summary>Finds the server behind <paramref name="connectionString"/> (<c>SHOW data_directory</c>, which needs
    /// a superuser or <c>pg_read_all_settings</c>); null when its <c>postmaster.pid</c> or <c>/proc</c> cannot be read
    /// or the role may not see the setting.</summary>
    public static async Task<ServerCpu?> FindAsync(string connectionString)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var show = new NpgsqlCommand("SHOW data_directory", connection);
            var directory = (string?)await show.ExecuteScalarAsync();
            if (directory is null) return null;
            var pidFile = Path.Combine(directory, "postmaster.pid");
            if (!File.Exists(pidFile)) return null;
            var pid = int.Parse(File.ReadLines(pidFile).First().Trim(), CultureInfo.InvariantCulture);
            var cpu = new ServerCpu(pid);
            return cpu.Seconds() is null ? null : cpu;
        }
        catch (Exception e) when (e is PostgresException or IOException or UnauthorizedAccessException
                                      or FormatException)
        {
            return null;
        }
    }

    /// <summary>The server's CPU seconds so far (its postmaster, reaped children and live children); null when the
    /// postmaster is gone.</summary>
    public double? Seconds()
    {
        var own = Read(_postmaster);
        if (own is null) return null;
        var ticks = own.Value.Self + own.Value.Reaped;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == _postmaster) continue;
            var child = Read(pid);
            if (child?.Parent == _postmaster) ticks += child.Value.Self;
        }
        return ticks / TicksPerSecond;
    }

    /// <summary>Fields of <c>/proc/{pid}/stat</c>: the parent pid (4), utime + stime (14, 15) and cutime + cstime
    /// (16, 17); null when the process is gone.</summary>
    private static (int Parent, long Self, long Reaped)? Read(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // The command name (field 2) is in parentheses and may hold spaces: the fields after it start at field 3.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return ((int)Field(4), Field(14) + Field(15), Field(16) + Field(17));
    }
}
