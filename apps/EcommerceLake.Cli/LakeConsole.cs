using Spectre.Console;

namespace EcommerceLake.Cli;

/// <summary>The console the CLI writes to: plain text, 180 columns wide, when output goes to a file or a CI
/// log.</summary>
public static class LakeConsole
{
    /// <summary>Creates the console for this process's standard output.</summary>
    public static IAnsiConsole Create()
    {
        var redirected = Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected) console.Profile.Width = 180;
        return console;
    }
}
