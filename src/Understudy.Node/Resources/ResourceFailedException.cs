namespace Understudy.Node.Resources;

/// <summary>A resource could not be brought online; the message says why.</summary>
public sealed class ResourceFailedException : Exception
{
    public ResourceFailedException()
    {
    }

    public ResourceFailedException(string message)
        : base(message)
    {
    }

    public ResourceFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
