using EcommerceLake.Testing;
using Xunit;

namespace EcommerceLake.PubSub.Tests.Live;

/// <summary>
/// A fact that needs a real Pub/Sub: Google's service when <c>LAKE_TEST_PUBSUB_PROJECT</c> names a project
/// (application default credentials: <c>GOOGLE_APPLICATION_CREDENTIALS</c> or gcloud's login; the principal needs
/// roles/pubsub.editor), or an emulator (<c>gcloud beta emulators pubsub start</c>) at the <c>host:port</c> in
/// <c>LAKE_TEST_PUBSUB_EMULATOR_HOST</c> or <c>PUBSUB_EMULATOR_HOST</c>. Skipped with the reason otherwise.
/// </summary>
public sealed class LivePubSubFactAttribute : FactAttribute
{
    /// <summary>The variable holding the project id of a real Pub/Sub.</summary>
    public const string ProjectVariable = "LAKE_TEST_PUBSUB_PROJECT";

    /// <summary>The variable holding an emulator's <c>host:port</c>.</summary>
    public const string EmulatorVariable = "LAKE_TEST_PUBSUB_EMULATOR_HOST";

    /// <summary>Project used against an emulator when <see cref="ProjectVariable"/> is unset (any id will do).
    /// </summary>
    public const string EmulatorProject = "lake-live-test";

    public LivePubSubFactAttribute()
    {
        if (EmulatorHost is null && LiveGoogleCloud.Variable(ProjectVariable) is null)
            Skip = $"{ProjectVariable}, {EmulatorVariable} and {PubSubOptions.EmulatorHostVariable} not set: this " +
                   "live test needs a Google Cloud project with Pub/Sub (application default credentials) or a " +
                   "Pub/Sub emulator (README, \"Running on Pub/Sub\", live test).";
    }

    /// <summary>The emulator's <c>host:port</c>, or null for Google's service.</summary>
    public static string? EmulatorHost => LiveGoogleCloud.Variable(EmulatorVariable)
        ?? LiveGoogleCloud.Variable(PubSubOptions.EmulatorHostVariable);

    /// <summary>The project the test works in.</summary>
    public static string Project => LiveGoogleCloud.Variable(ProjectVariable) ?? EmulatorProject;
}
