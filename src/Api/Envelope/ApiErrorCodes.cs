namespace DigitalTwin.Api.Envelope;

/// <summary>Stable error codes of the API; each goes with one HTTP status.</summary>
internal static class ApiErrorCodes
{
    public const string ValidationError = "VALIDATION_ERROR";
    public const string InvalidJson = "INVALID_JSON";
    public const string UnknownParameter = "UNKNOWN_PARAMETER";
    public const string UriTooLong = "URI_TOO_LONG";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string TwinNotFound = "TWIN_NOT_FOUND";
    public const string TwinAlreadyExists = "TWIN_ALREADY_EXISTS";
    public const string TwinDecommissioned = "TWIN_DECOMMISSIONED";
    public const string StaleWrite = "STALE_WRITE";
    public const string TooManyFields = "TOO_MANY_FIELDS";
    public const string InvalidLifecycleTransition = "INVALID_LIFECYCLE_TRANSITION";
    public const string PreconditionFailed = "PRECONDITION_FAILED";
    public const string TwinNotActive = "TWIN_NOT_ACTIVE";
    public const string UnknownAction = "UNKNOWN_ACTION";
    public const string InvalidParameters = "INVALID_PARAMETERS";
    public const string CommandNotFound = "COMMAND_NOT_FOUND";
    public const string CommandIdConflict = "COMMAND_ID_CONFLICT";
    public const string CommandFinished = "COMMAND_FINISHED";
    public const string CommandQueueFull = "COMMAND_QUEUE_FULL";
    public const string JobNotFound = "JOB_NOT_FOUND";
    public const string DeviceTypeNotFound = "DEVICE_TYPE_NOT_FOUND";

    /// <summary>409: the device already has the most active credentials it may have; one must be revoked first.</summary>
    public const string CredentialLimitReached = "CREDENTIAL_LIMIT_REACHED";

    /// <summary>404: the device has no active credential of that id.</summary>
    public const string CredentialNotFound = "CREDENTIAL_NOT_FOUND";

    /// <summary>404: no anomaly alert of that id (the twin exists, or not).</summary>
    public const string AlertNotFound = "ALERT_NOT_FOUND";

    /// <summary>409: a dataset export's windows follow more than one feature schema version and the request chose none.</summary>
    public const string MixedSchemaVersions = "MIXED_SCHEMA_VERSIONS";

    /// <summary>400: a browser session is opened with an API key or a JWT, not with another session.</summary>
    public const string CredentialRequired = "CREDENTIAL_REQUIRED";

    /// <summary>403: a request carried by a session cookie came from a page of another origin (cross-site request forgery).</summary>
    public const string CrossOriginRefused = "CROSS_ORIGIN_REFUSED";
    public const string NotFound = "NOT_FOUND";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string Forbidden = "FORBIDDEN";

    /// <summary>429: the client went over its rate limit (Api:RateLimit); Retry-After says when to come back.</summary>
    public const string Throttled = "THROTTLED";
    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";
    public const string InternalError = "INTERNAL_ERROR";
}
