using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace EcommerceLake.Ingestion.Tests.Connectors.Marketplace.SqlServer;

/// <summary>
/// An in-memory stand-in for a SQL Server connection: it records every statement (text and parameters), transaction
/// start and commit in <see cref="Log"/>, and answers scalars and row sets from the script the test set up. It lets the
/// real <c>ChangeTrackingExtractor</c> run the SQL Server dialect's statements where no SQL Server runs.
/// </summary>
public sealed class ScriptedDatabase
{
    public List<string> Log { get; } = [];

    public object? MinValidVersion { get; set; }

    public long CurrentVersion { get; set; }

    public DataTable Rows { get; set; } = new();

    /// <summary>What <c>INFORMATION_SCHEMA.COLUMNS</c> answers for the table (none: a login that may not see them).
    /// </summary>
    public List<string> Columns { get; } = [];

    public DbConnection Connect() => new ScriptedConnection(this);

    /// <summary>The answer to a statement, chosen by what it reads.</summary>
    internal object? Scalar(string sql) =>
        sql.Contains("CHANGE_TRACKING_MIN_VALID_VERSION", StringComparison.Ordinal) ? MinValidVersion ?? DBNull.Value
        : sql.Contains("CHANGE_TRACKING_CURRENT_VERSION", StringComparison.Ordinal) ? CurrentVersion
        : throw new InvalidOperationException($"No scalar is scripted for: {sql}");

    private sealed class ScriptedConnection(ScriptedDatabase database) : DbConnection
    {
        private ConnectionState _state = ConnectionState.Closed;

        [AllowNull]
        public override string ConnectionString { get; set; } = "";

        public override string Database => "scripted";

        public override string DataSource => "scripted";

        public override string ServerVersion => "0";

        public override ConnectionState State => _state;

        public override void ChangeDatabase(string databaseName) => throw new NotSupportedException();

        public override void Close() => _state = ConnectionState.Closed;

        public override void Open() => _state = ConnectionState.Open;

        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel)
        {
            database.Log.Add($"BEGIN TRANSACTION ISOLATION LEVEL {isolationLevel}");
            return new ScriptedTransaction(this, database, isolationLevel);
        }

        protected override DbCommand CreateDbCommand() => new ScriptedCommand(database) { Connection = this };
    }

    private sealed class ScriptedTransaction(
        DbConnection connection, ScriptedDatabase database, IsolationLevel isolationLevel) : DbTransaction
    {
        public override IsolationLevel IsolationLevel => isolationLevel;

        protected override DbConnection DbConnection => connection;

        public override void Commit() => database.Log.Add("COMMIT");

        public override void Rollback() => database.Log.Add("ROLLBACK");
    }
}

/// <summary>A command of <see cref="ScriptedDatabase"/>: executing it logs its text and parameters.</summary>
public sealed class ScriptedCommand(ScriptedDatabase database) : DbCommand
{
    private readonly ScriptedParameters _parameters = new();

    [AllowNull]
    public override string CommandText { get; set; } = "";

    public override int CommandTimeout { get; set; }

    public override CommandType CommandType { get; set; }

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection { get; set; }

    protected override DbParameterCollection DbParameterCollection => _parameters;

    protected override DbTransaction? DbTransaction { get; set; }

    public override void Cancel()
    {
    }

    public override int ExecuteNonQuery() => throw new NotSupportedException();

    public override object? ExecuteScalar()
    {
        Record();
        return database.Scalar(CommandText);
    }

    public override void Prepare()
    {
    }

    protected override DbParameter CreateDbParameter() => throw new NotSupportedException();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
    {
        Record();
        if (!CommandText.Contains("INFORMATION_SCHEMA.COLUMNS", StringComparison.Ordinal))
            return database.Rows.CreateDataReader();
        var columns = new DataTable();
        columns.Columns.Add("COLUMN_NAME", typeof(string));
        foreach (var name in database.Columns) columns.Rows.Add(name);
        return columns.CreateDataReader();
    }

    private void Record()
    {
        var parameters = _parameters.Items.Select(p => $"{p.ParameterName}={p.Value}");
        database.Log.Add(
            _parameters.Items.Count == 0 ? CommandText : $"{CommandText} [{string.Join(", ", parameters)}]");
    }

    private sealed class ScriptedParameters : DbParameterCollection
    {
        public List<DbParameter> Items { get; } = [];

        public override int Count => Items.Count;

        public override object SyncRoot => Items;

        public override int Add(object value)
        {
            Items.Add((DbParameter)value);
            return Items.Count - 1;
        }

        public override void AddRange(Array values)
        {
            foreach (var value in values) Add(value);
        }

        public override void Clear() => Items.Clear();

        public override bool Contains(object value) => Items.Contains((DbParameter)value);

        public override bool Contains(string value) => Items.Any(p => p.ParameterName == value);

        public override void CopyTo(Array array, int index) =>
            ((System.Collections.ICollection)Items).CopyTo(array, index);

        public override System.Collections.IEnumerator GetEnumerator() => Items.GetEnumerator();

        public override int IndexOf(object value) => Items.IndexOf((DbParameter)value);

        public override int IndexOf(string parameterName) => Items.FindIndex(p => p.ParameterName == parameterName);

        public override void Insert(int index, object value) => Items.Insert(index, (DbParameter)value);

        public override void Remove(object value) => Items.Remove((DbParameter)value);

        public override void RemoveAt(int index) => Items.RemoveAt(index);

        public override void RemoveAt(string parameterName) => Items.RemoveAt(IndexOf(parameterName));

        protected override DbParameter GetParameter(int index) => Items[index];

        protected override DbParameter GetParameter(string parameterName) => Items[IndexOf(parameterName)];

        protected override void SetParameter(int index, DbParameter value) => Items[index] = value;

        protected override void SetParameter(string parameterName, DbParameter value) =>
            Items[IndexOf(parameterName)] = value;
    }
}
