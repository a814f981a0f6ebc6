namespace Understudy.Core.Config;

/// <summary>One top-level key of the cluster file and the reader of its section.</summary>
/// <param name="Key">The key as written in the file.</param>
/// <param name="Required">Whether a file without this section is invalid.</param>
/// <param name="Read">Reads the section into the draft.</param>
internal sealed record ClusterFileSection(string Key, bool Required, SectionReader Read);
