using System.Text;

namespace EcommerceLake.Testing.ZetaSql;

/// <summary>
/// Splits a GoogleSQL script into its statements at the ';' that lie outside string literals ('…', "…", triple-quoted,
/// raw r'…'), quoted identifiers (`…`) and comments (<c>--</c>, <c>#</c>, <c>/* */</c>), following the lexical
/// structure of https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical. Comments are dropped and each
/// statement is trimmed; empty statements are skipped.
/// </summary>
public static class ZetaSqlScriptSplitter
{
    /// <summary>The statements of <paramref name="script"/>, in order, without their ';'.</summary>
    /// <exception cref="FormatException">An unterminated literal, identifier or comment.</exception>
    public static IReadOnlyList<string> Split(string script)
    {
        var statements = new List<string>();
        var current = new StringBuilder();
        var i = 0;
        while (i < script.Length)
        {
            var c = script[i];
            if (c == '-' && At(script, i, "--") || c == '#')
            {
                while (i < script.Length && script[i] != '\n') i++;
                continue;
            }
            if (c == '/' && At(script, i, "/*"))
            {
                var end = script.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0) throw new FormatException($"Unterminated comment at offset {i}.");
                i = end + 2;
                current.Append(' ');
                continue;
            }
            if (c is '\'' or '"' or '`')
            {
                var raw = c != '`' && i > 0 && script[i - 1] is 'r' or 'R'
                    && (i < 2 || !char.IsLetterOrDigit(script[i - 2]) || script[i - 2] is 'b' or 'B');
                var end = EndOfQuoted(script, i, raw);
                current.Append(script, i, end - i);
                i = end;
                continue;
            }
            if (c == ';')
            {
                Flush(current, statements);
                i++;
                continue;
            }
            current.Append(c);
            i++;
        }
        Flush(current, statements);
        return statements;
    }

    private static int EndOfQuoted(string script, int start, bool raw)
    {
        var quote = script[start];
        var triple = quote != '`' && At(script, start, new string(quote, 3));
        var i = start + (triple ? 3 : 1);
        while (i < script.Length)
        {
            if (script[i] == '\\' && !raw) { i += 2; continue; }
            if (triple ? At(script, i, new string(quote, 3)) : script[i] == quote) return i + (triple ? 3 : 1);
            i++;
        }
        throw new FormatException($"Unterminated {quote} literal or identifier at offset {start}.");
    }

    private static bool At(string text, int index, string token) =>
        string.CompareOrdinal(text, index, token, 0, token.Length) == 0;

    private static void Flush(StringBuilder current, List<string> statements)
    {
        var statement = current.ToString().Trim();
        if (statement.Length > 0) statements.Add(statement);
        current.Clear();
    }
}
