using Understudy.Node.Failover;

namespace Understudy.Node.Tests.Failover;

/// <summary>Each incarnation's own lease files: a new incarnation removes its predecessors' (so
/// their guards end the orphaned workloads), and nothing else in the data directory.</summary>
public sealed class LeaseFileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("understudy-leasefile-").FullName;

    [Fact]
    public void RemoveEarlier_DeletesPredecessorsFilesOfThatNameOnly()
    {
        foreach (var name in new[] { "lease", "lease.100", "lease.100.tmp", "lease.200", "lease-notes", "lease.x", "clone-lease.100", "clone-lease" })
        {
            File.WriteAllText(Path.Combine(_root, name), "1");
        }

        var own = new NodeDataDirectory(_root, 200);
        LeaseFile.RemoveEarlier("lease", own.LeaseFile);

        Assert.Equal(
            ["clone-lease", "clone-lease.100", "lease-notes", "lease.200", "lease.x"],
            Directory.EnumerateFiles(_root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DataDirectory_LeaseFilesAreTheIncarnations()
    {
        var data = new NodeDataDirectory(_root, 1234);

        Assert.Equal(Path.Combine(_root, "lease.1234"), data.LeaseFile);
        Assert.Equal(Path.Combine(_root, "clone-lease.1234"), data.CloneLeaseFile);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
