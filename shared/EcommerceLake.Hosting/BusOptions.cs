using System.ComponentModel.DataAnnotations;
using EcommerceLake.PubSub;

namespace EcommerceLake.Hosting;

/// <summary>Which MassTransit transport carries commands and events.</summary>
public enum BusTransport
{
    /// <summary>In-process transport: every service in one process (the embedded default and most tests).</summary>
    InMemory,
    /// <summary>RabbitMQ: one process per service, competing consumers per queue.</summary>
    RabbitMq,
    /// <summary>Google Cloud Pub/Sub (the project's own transport over the REST API): one process per service,
    /// competing consumers per endpoint subscription; settings in <c>Bus:PubSub</c>.</summary>
    PubSub,
}

/// <summary>Configuration section <c>Bus</c>.</summary>
public sealed class BusOptions : IValidatableObject
{
    /// <summary>Section name.</summary>
    public const string Section = "Bus";

    /// <summary><c>Bus:Transport</c>: <c>InMemory</c> (default), <c>RabbitMq</c> or <c>PubSub</c>.</summary>
    public BusTransport Transport { get; set; } = BusTransport.InMemory;

    /// <summary><c>Bus:RabbitMq:*</c>: broker settings, required when the transport is RabbitMQ.</summary>
    public RabbitMqOptions RabbitMq { get; set; } = new();

    /// <summary><c>Bus:PubSub:*</c>: Pub/Sub settings, the project id required when the transport is PubSub.</summary>
    public PubSubOptions PubSub { get; set; } = new();

    /// <summary><c>Bus:PrefetchCount</c>: messages a consumer endpoint takes at once, 1 to 256. Default 8.</summary>
    [Range(1, 256)]
    public int PrefetchCount { get; set; } = 8;

    /// <summary>
    /// <c>Bus:PublishTimeout</c>: how long a publish the lake awaits — a step's result event
    /// (<see cref="Steps.StepConsumer{TCommand, TSucceeded, TFailed}"/>), a row of the orchestrator's outbox — may take
    /// before it is given up and tried again: on RabbitMQ the wait for the broker's publisher confirm, which never ends
    /// when the channel dies between the publish and its confirm (RabbitMQ.Client 7.2 fails only the confirms it was
    /// tracking when the channel shut down; MassTransit then waits on the caller's cancellation token alone). Trying
    /// again may deliver the message twice, which every consumer tolerates. 1 second to 10 minutes; default 15 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00",
        ErrorMessage = "Bus:PublishTimeout must be between 00:00:01 and 00:10:00.")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// <c>Bus:ConsumerStopTimeout</c>: when a receive endpoint stops — the host is stopping, or on RabbitMQ the
    /// broker closed the channel and the endpoint restarts on a new one — how long its consumers in flight may go on
    /// before their consume context's token is cancelled (MassTransit's
    /// <c>MassTransitHostOptions.ConsumerStopTimeout</c>; the bus's <c>StopTimeout</c> is 10 s longer). Without it
    /// the endpoint waits for them however long they take, and a consumer that never ends keeps it from ever
    /// consuming again. A cancelled step leaves its command unacknowledged, so the broker delivers it again; steps
    /// are idempotent. 1 second to 1 hour; default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00",
        ErrorMessage = "Bus:ConsumerStopTimeout must be between 00:00:01 and 01:00:00.")]
    public TimeSpan ConsumerStopTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <c>Bus:StartTimeout</c>: how long a host waits for its bus to start — on RabbitMQ, for the broker to accept
    /// the connection — before its start fails with the broker named (MassTransit's
    /// <c>MassTransitHostOptions.StartTimeout</c>; <c>lake serve</c> then prints <c>Broker unreachable: …</c> and
    /// exits 2). Unset (the default), MassTransit's connection retry decides, about two minutes, which lets a service
    /// that starts before its broker wait for it. 1 second to 1 hour.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00",
        ErrorMessage = "Bus:StartTimeout must be between 00:00:01 and 01:00:00.")]
    public TimeSpan? StartTimeout { get; set; }

    /// <summary><c>Bus:EndpointPrefix</c>: optional prefix of queue names, so that tests on one broker do not share
    /// queues.</summary>
    [RegularExpression("^[a-z0-9-]*$", ErrorMessage = "Bus:EndpointPrefix may hold only a-z, 0-9 and '-'.")]
    public string EndpointPrefix { get; set; } = "";

    /// <summary>The Pub/Sub settings' own checks (<see cref="PubSubOptions.Problems"/>) when the transport is
    /// PubSub; each message names its key.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Transport == BusTransport.PubSub
            ? PubSub.Problems().Select(p => new ValidationResult(p.Message, [$"PubSub:{p.Key}"]))
            : [];
}

/// <summary>Configuration section <c>Bus:RabbitMq</c>.</summary>
public sealed class RabbitMqOptions
{
    /// <summary><c>Bus:RabbitMq:Host</c>. Default 127.0.0.1.</summary>
    [Required]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary><c>Bus:RabbitMq:Port</c>. Default 5672.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    /// <summary><c>Bus:RabbitMq:VirtualHost</c>. Default <c>/</c>.</summary>
    public string VirtualHost { get; set; } = "/";

    /// <summary><c>Bus:RabbitMq:Username</c>. Default guest.</summary>
    public string Username { get; set; } = "guest";

    /// <summary><c>Bus:RabbitMq:Password</c>, or <c>Bus:RabbitMq:PasswordFile</c> naming a file that holds it. Never
    /// logged.</summary>
    public string? Password { get; set; }

    /// <summary><c>Bus:RabbitMq:PasswordFile</c>: path of a file whose first line is the password (for mounted
    /// secrets).</summary>
    public string? PasswordFile { get; set; }

    /// <summary>The password from <see cref="PasswordFile"/> when set, else <see cref="Password"/>, else
    /// <c>guest</c>.</summary>
    /// <exception cref="FileNotFoundException">The password file does not exist.</exception>
    public string ResolvePassword() =>
        PasswordFile is { Length: > 0 } file ? File.ReadLines(file).FirstOrDefault()?.Trim() ?? "" : Password
            ?? "guest";
}
