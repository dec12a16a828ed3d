namespace EcommerceLake.Lake;

/// <summary>
/// The provenance column of land records: <c>_position</c>, where a record was in its source
/// (<c>partner_sellers.csv:line 12</c>), or null. Land batches written before it existed lack the column; processing
/// treats it as optional and names it in the reject of a record that fails typing.
/// </summary>
public static class LandPosition
{
    /// <summary>The column name, <c>_position</c>.</summary>
    public const string Column = "_position";
}
