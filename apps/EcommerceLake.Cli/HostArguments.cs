namespace EcommerceLake.Cli;

/// <summary>Host-configuration arguments the CLI's hosts (embedded and served) always pass.</summary>
internal static class HostArguments
{
    /// <summary>
    /// Turns off the reload of <c>appsettings*.json</c> on change (the host key <c>hostBuilder:reloadConfigOnChange</c>
    /// of Microsoft.Extensions.Hosting). The content root is the working directory, which usually holds the lake
    /// (<c>.lake/</c>); a reloadable file makes the host watch that directory recursively and handle an inotify event
    /// for every lake file written. Options are validated once at start, so nothing needs the reload.
    /// </summary>
    public const string NoConfigReload = "--hostBuilder:reloadConfigOnChange=false";
}
