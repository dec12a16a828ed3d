namespace EcommerceLake.Google;

/// <summary>How requests to Google Cloud are authorized (<see cref="GoogleCloudOptions.Authentication"/>).</summary>
public enum GoogleAuthentication
{
    /// <summary>Application default credentials
    /// (https://cloud.google.com/docs/authentication/application-default-credentials).</summary>
    ApplicationDefault,

    /// <summary>A service-account JSON key file.</summary>
    ServiceAccountKeyFile,

    /// <summary>No <c>Authorization</c> header: for emulators and fake services only.</summary>
    None,
}
