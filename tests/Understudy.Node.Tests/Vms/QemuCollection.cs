namespace Understudy.Node.Tests.Vms;

/// <summary>QEMU guests are heavy on two cores: one at a time, with the guest image found once.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QemuCollection : ICollectionFixture<QemuGuest>
{
    public const string Name = "qemu guests";
}
