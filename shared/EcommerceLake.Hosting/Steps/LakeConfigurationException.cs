namespace EcommerceLake.Hosting.Steps;

/// <summary>
/// The deployment cannot do what a command asks (an unknown source or stream, no connector for a source, a setting
/// that is missing at the time of use). Classified as <see cref="Contracts.FailureKind.Configuration"/>: not retried.
/// </summary>
/// <param name="message">What is wrong, naming the configuration key or the unknown name.</param>
/// <param name="inner">The underlying exception, when there is one.</param>
public sealed class LakeConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
