namespace Understudy.Core.Chaos;

/// <summary>What a chaos client asked the kv service to do.</summary>
public enum KvOperationKind
{
    /// <summary><c>PUT /kv/KEY</c> with the next value of the client's own key.</summary>
    Write,

    /// <summary><c>GET /kv</c>, looking at one key and the data's fencing token.</summary>
    Read,
}
