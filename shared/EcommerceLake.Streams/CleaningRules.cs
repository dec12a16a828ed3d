namespace EcommerceLake.Streams;

/// <summary>Cleaning rules applied when land rows become typed raw rows (and, for measures, when raw becomes
/// trusted).</summary>
/// <param name="TrimStrings">Trim leading and trailing white space of string values.</param>
/// <param name="EmptyStringAsNull">Treat an empty string as a missing value.</param>
/// <param name="EmptyMeasureAsZero">A missing numeric measure becomes 0 in trusted, as the seed pipelines did.</param>
public sealed record CleaningRules(bool TrimStrings = true, bool EmptyStringAsNull = true,
    bool EmptyMeasureAsZero = true);
