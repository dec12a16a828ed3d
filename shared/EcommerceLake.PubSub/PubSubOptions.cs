using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.PubSub;

/// <summary>
/// Configuration section <c>Bus:PubSub</c>: the Google Cloud Pub/Sub transport (used when <c>Bus:Transport</c> is
/// <c>PubSub</c>). Resource names, limits and policies follow the Pub/Sub REST reference
/// (https://cloud.google.com/pubsub/docs/reference/rest) and its resource-name rules
/// (https://cloud.google.com/pubsub/docs/create-topic#resource_names).
/// </summary>
public sealed class PubSubOptions
{
    /// <summary>Section name, below <c>Bus</c>.</summary>
    public const string Section = "Bus:PubSub";

    /// <summary>The environment variable Google's tools and client libraries read for the emulator's
    /// <c>host:port</c>.</summary>
    public const string EmulatorHostVariable = "PUBSUB_EMULATOR_HOST";

    /// <summary>OAuth 2.0 scope asked for (<c>pubsub</c>).</summary>
    public const string Scope = "https://www.googleapis.com/auth/pubsub";

    /// <summary><c>Bus:PubSub:ProjectId</c>: the Google Cloud project that holds the topics and subscriptions (its
    /// id, not its number). Required when <c>Bus:Transport</c> is <c>PubSub</c>.</summary>
    [RegularExpression("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", ErrorMessage =
        "must be a Google Cloud project id: 6 to 30 lower-case letters, digits or hyphens, starting with a letter.")]
    public string? ProjectId { get; set; }

    /// <summary>
    /// <c>Bus:PubSub:EmulatorHost</c>: <c>host:port</c> of a Pub/Sub emulator (or the tests' fake), spoken to over
    /// plain HTTP without credentials. Falls back to the <c>PUBSUB_EMULATOR_HOST</c> environment variable; when
    /// neither is set the transport talks to <see cref="Endpoint"/> with Google credentials.
    /// </summary>
    [RegularExpression(@"^[A-Za-z0-9.\-\[\]:]+:[0-9]{1,5}$",
        ErrorMessage = "must be host:port, for example localhost:8085.")]
    public string? EmulatorHost { get; set; }

    /// <summary><c>Bus:PubSub:Endpoint</c>: root of the Pub/Sub REST API. Default
    /// <c>https://pubsub.googleapis.com/</c>.</summary>
    [Required]
    public Uri Endpoint { get; set; } = new("https://pubsub.googleapis.com/");

    /// <summary>
    /// <c>Bus:PubSub:Prefix</c>: put before every topic and subscription name, so that several environments (or
    /// tests) share one project without meeting. Empty, or a letter followed by letters, digits and
    /// <c>- . _ ~ + %</c>, at most 64 characters; must not start with <c>goog</c>. Default empty.
    /// </summary>
    [RegularExpression("^(?![gG][oO][oO][gG])([A-Za-z][A-Za-z0-9._~+%-]{0,63})?$", ErrorMessage =
        "must be empty or start with a letter (not 'goog') followed by letters, digits, '-', '.', '_', '~', '+' or " +
        "'%', 64 characters at most (Pub/Sub's resource-name rules).")]
    public string Prefix { get; set; } = "";

    /// <summary>
    /// <c>Bus:PubSub:ServiceAccountKeyFile</c>: path of a service-account JSON key. When unset the transport uses
    /// application default credentials (<c>GOOGLE_APPLICATION_CREDENTIALS</c>, gcloud's login or the metadata
    /// server). Ignored with an emulator. The key is never logged.
    /// </summary>
    public string? ServiceAccountKeyFile { get; set; }

    /// <summary><c>Bus:PubSub:AckDeadlineSeconds</c>: the subscriptions' ack deadline, and the lease a message gets
    /// again while its consumer runs, 10 to 600 s (Pub/Sub's bounds). Default 60.</summary>
    [Range(10, 600)]
    public int AckDeadlineSeconds { get; set; } = 60;

    /// <summary><c>Bus:PubSub:MaxDeliveryAttempts</c>: deliveries of one message before Pub/Sub moves it to the
    /// endpoint's dead-letter topic, 5 to 100 (Pub/Sub's bounds). Default 10.</summary>
    [Range(5, 100)]
    public int MaxDeliveryAttempts { get; set; } = 10;

    /// <summary><c>Bus:PubSub:MinimumBackoffSeconds</c>: the subscriptions' retry policy, the shortest wait before a
    /// nacked message is delivered again, 0 to 600 s. Default 10.</summary>
    [Range(0, 600)]
    public int MinimumBackoffSeconds { get; set; } = 10;

    /// <summary><c>Bus:PubSub:MaximumBackoffSeconds</c>: the retry policy's longest wait, 0 to 600 s, not below
    /// <see cref="MinimumBackoffSeconds"/>. Default 600.</summary>
    [Range(0, 600)]
    public int MaximumBackoffSeconds { get; set; } = 600;

    /// <summary><c>Bus:PubSub:MaxOutstandingMessages</c>: messages one receive endpoint holds (pulled, not yet
    /// acknowledged) at most, 1 to 1 000. Default: <c>Bus:PrefetchCount</c>.</summary>
    [Range(1, 1_000)]
    public int? MaxOutstandingMessages { get; set; }

    /// <summary><c>Bus:PubSub:ConcurrentPulls</c>: pull requests one subscription keeps open at once, 1 to 16.
    /// Default 2.</summary>
    [Range(1, 16)]
    public int ConcurrentPulls { get; set; } = 2;

    /// <summary><c>Bus:PubSub:ShutdownTimeoutSeconds</c>: how long a stopping endpoint lets running consumers
    /// finish before it releases (nacks) their messages, 1 to 600 s. Default 30.</summary>
    [Range(1, 600)]
    public int ShutdownTimeoutSeconds { get; set; } = 30;

    /// <summary><c>Bus:PubSub:MaxAttempts</c>: attempts of one REST call on a transient failure (408, 429, 500, 502,
    /// 503, 504, a dropped connection, a timed-out attempt), 1 to 20. Default 6.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary><c>Bus:PubSub:RetryDelayMilliseconds</c>: first back-off after a transient failure, doubled per
    /// attempt with jitter, 1 to 60 000 ms. Default 250.</summary>
    [Range(1, 60_000)]
    public int RetryDelayMilliseconds { get; set; } = 250;

    /// <summary><c>Bus:PubSub:MaxRetryDelayMilliseconds</c>: cap of the back-off and of a <c>Retry-After</c> wait,
    /// 1 to 600 000 ms. Default 10 000.</summary>
    [Range(1, 600_000)]
    public int MaxRetryDelayMilliseconds { get; set; } = 10_000;

    /// <summary><c>Bus:PubSub:RequestTimeoutSeconds</c>: limit of one REST attempt until the answer's headers arrive
    /// (a pull waits for messages up to <see cref="PullWaitSeconds"/> first), 5 to 600 s. Default 60.</summary>
    [Range(5, 600)]
    public int RequestTimeoutSeconds { get; set; } = 60;

    /// <summary><c>Bus:PubSub:PullWaitSeconds</c>: how long a pull may wait for messages before the transport ends
    /// it and pulls again, 1 to 300 s. Default 20.</summary>
    [Range(1, 300)]
    public int PullWaitSeconds { get; set; } = 20;

    /// <summary>The emulator's <c>host:port</c>: <see cref="EmulatorHost"/>, else <c>PUBSUB_EMULATOR_HOST</c>, else
    /// null.</summary>
    public string? ResolveEmulatorHost() => EmulatorHost is { Length: > 0 } host ? host
        : Environment.GetEnvironmentVariable(EmulatorHostVariable) is { Length: > 0 } env ? env.Trim() : null;

    /// <summary>The REST root the transport calls: <c>http://{emulator}/</c> or <see cref="Endpoint"/>.</summary>
    public Uri ResolveBaseAddress() =>
        ResolveEmulatorHost() is { } host ? new Uri($"http://{host}/") : Endpoint;

    /// <summary>Errors of the settings as a whole: the key below <c>Bus:PubSub</c> each is about and the message;
    /// empty when they are usable.</summary>
    public IEnumerable<(string Key, string Message)> Problems()
    {
        if (string.IsNullOrWhiteSpace(ProjectId))
            yield return ("ProjectId", "is required when Bus:Transport is PubSub.");
        if (MaximumBackoffSeconds < MinimumBackoffSeconds)
            yield return ("MaximumBackoffSeconds", $"must not be below {Section}:MinimumBackoffSeconds.");
        if (ResolveEmulatorHost() is null && ServiceAccountKeyFile is { Length: > 0 } key && !File.Exists(key))
            yield return ("ServiceAccountKeyFile", "names no existing file.");
        if (PullWaitSeconds >= RequestTimeoutSeconds)
            yield return ("PullWaitSeconds", $"must be below {Section}:RequestTimeoutSeconds.");
    }
}
