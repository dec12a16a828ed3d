using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Marketplace.SqlServer;

/// <summary>
/// A fact that needs a live SQL Server: it runs only when <c>LAKE_TEST_SQLSERVER</c> holds a connection string, and is
/// skipped with the reason otherwise (no SQL Server runs on the project's build machines).
/// </summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    /// <summary>The environment variable holding the connection string.</summary>
    public const string Variable = "LAKE_TEST_SQLSERVER";

    public SqlServerFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
            Skip = $"{Variable} is not set: these tests need a SQL Server database with change tracking and snapshot " +
                   "isolation allowed (see the README, \"SQL Server change tracking\").";
    }

    /// <summary>The connection string, or null.</summary>
    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable);
}
