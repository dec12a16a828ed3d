namespace EcommerceLake.DemoSources.Economics;

/// <summary>Options of <see cref="SgsApiServer"/>.</summary>
public sealed class SgsApiServerOptions
{
    /// <summary>The SGS data folder; null finds <c>data/bcb</c> (see
    /// <see cref="SgsDataset.LocateDirectory"/>).</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Port on 127.0.0.1; 0 (the default) takes a free one.</summary>
    public int Port { get; set; }

    /// <summary>The clock that says what "today" is (the default <c>dataFinal</c>).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;
}
