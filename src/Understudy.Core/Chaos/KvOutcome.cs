namespace Understudy.Core.Chaos;

/// <summary>How an operation ended, as the client saw it.</summary>
public enum KvOutcome
{
    /// <summary>Acknowledged: the service answered success.</summary>
    Ok,

    /// <summary>Certainly not applied: refused (409 fenced) or the connection was refused.</summary>
    Fail,

    /// <summary>May or may not have been applied: a timeout, a reset, a 5xx.</summary>
    Unknown,
}
