namespace EcommerceLake.Ingestion.Connectors.Marketplace;

/// <summary>The operation codes of change tracking (<c>SYS_CHANGE_OPERATION</c>) and how a change row lands.</summary>
public static class ChangeOperations
{
    /// <summary>Insert.</summary>
    public const char Insert = 'I';

    /// <summary>Update.</summary>
    public const char Update = 'U';

    /// <summary>Delete.</summary>
    public const char Delete = 'D';

    /// <summary>
    /// The operation to land for a change row read as <c>CHANGETABLE(CHANGES …)</c> LEFT JOIN the table in one
    /// snapshot. The snapshot's row is the truth: a key whose row is absent lands as a delete (with only its key), and
    /// a key reported deleted whose row is present (deleted and inserted again within one statement) lands as an update
    /// with its values. Otherwise the net operation stands.
    /// </summary>
    /// <param name="netOperation">I, U or D as reported by the change function.</param>
    /// <param name="rowExists">Whether the joined row exists in the same snapshot.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="netOperation"/> is not I, U or D.</exception>
    public static char Resolve(char netOperation, bool rowExists) => netOperation switch
    {
        Insert or Update => rowExists ? netOperation : Delete,
        Delete => rowExists ? Update : Delete,
        _ => throw new ArgumentOutOfRangeException(nameof(netOperation), netOperation,
            "A change operation is I, U or D."),
    };
}
