namespace Understudy.Packaging.Tests;

/// <summary>One at a time: the .deb's publish and the tool's pack build the same projects
/// (their obj folders and restore files are shared).</summary>
[CollectionDefinition(Name)]
public sealed class PackagingCollection
{
    public const string Name = "packaging builds";
}
