namespace DigitalTwin.Detection.Scoring;

/// <summary>Which baseline a window was scored against.</summary>
public enum BaselineKind
{
    /// <summary>Neither the host nor its peers had learnt anything yet: the window was not scored.</summary>
    None,

    /// <summary>The host's device type, across the cluster: the host's own was still warming up.</summary>
    Peer,

    /// <summary>The host's own.</summary>
    Own,
}
