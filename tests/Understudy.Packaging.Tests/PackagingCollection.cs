namespace Understudy.Packaging.Tests;

/// <summary>One at a time: the .deb's publish and the tool's pack build the same projects
/// (their obj folders and restore files are shared). The .deb is built once for all of them
/// (<see cref="DebPackage"/>, on first use).</summary>
[CollectionDefinition(Name)]
public sealed class PackagingCollection : ICollectionFixture<DebPackage>
{
    public const string Name = "packaging builds";
}
