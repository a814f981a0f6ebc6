namespace Understudy.Core.Config;

/// <summary>
/// The cluster key as written in the cluster file: inline (<c>key:</c>, fine for a demo) or a
/// path to a key file (<c>keyFile:</c>, relative to the cluster file), which production uses.
/// </summary>
public abstract record ClusterKeySource
{
    private ClusterKeySource() { }

    /// <summary>The secret is in the cluster file itself.</summary>
    public sealed record Inline(string Secret) : ClusterKeySource
    {
        /// <summary>Never print the secret.</summary>
        public override string ToString() => "Inline(***)";
    }

    /// <summary>The secret is the content of a file; <paramref name="Path"/> is absolute.</summary>
    public sealed record File(string Path) : ClusterKeySource;
}
