using System.Net;
using Understudy.Core.Addresses;

namespace Understudy.Core.Tests.Addresses;

public sealed class AnnouncementTests
{
    private static readonly byte[] Mac = Convert.FromHexString("0A1B2C3D4E5F");

    [Fact]
    public void GratuitousArp_RequestWithSenderAndTargetTheAddress() =>
        Assert.Equal(
            Convert.FromHexString(
                "0001" + "0800" + "06" + "04" + "0001" + // Ethernet, IPv4, request
                "0A1B2C3D4E5F" + "0A4D0064" + // sender: the new owner's MAC, the address
                "000000000000" + "0A4D0064"), // target: unknown MAC, the address
            Announcement.GratuitousArp(Mac, IPAddress.Parse("10.77.0.100")));

    [Fact]
    public void ArpProbe_RequestFromZeroAddress() =>
        Assert.Equal(
            Convert.FromHexString("0001" + "0800" + "06" + "04" + "0001" + "0A1B2C3D4E5F" + "00000000" + "000000000000" + "0A4D0064"),
            Announcement.ArpProbe(Mac, IPAddress.Parse("10.77.0.100")));

    [Theory]
    [InlineData("0001080006040002" + "AABBCCDDEEFF" + "0A4D0064" + "0A1B2C3D4E5F" + "00000000", "AABBCCDDEEFF")] // reply from the holder
    [InlineData("0001080006040001" + "AABBCCDDEEFF" + "0A4D0064" + "000000000000" + "0A4D0064", "AABBCCDDEEFF")] // its announcement
    [InlineData("0001080006040002" + "AABBCCDDEEFF" + "0A4D0065" + "0A1B2C3D4E5F" + "00000000", null)] // about another address
    [InlineData("0001080006040001" + "AABBCCDDEEFF" + "00000000" + "000000000000" + "0A4D0064", null)] // someone else's probe
    [InlineData("0006080006040002" + "AABBCCDDEEFF" + "0A4D0064" + "0A1B2C3D4E5F" + "00000000", null)] // not Ethernet
    [InlineData("00010800060400", null)] // cut short
    public void HolderIn_OnlyASenderThatIsTheAddress(string packet, string? holder) =>
        Assert.Equal(holder, Announcement.HolderIn(Convert.FromHexString(packet), IPAddress.Parse("10.77.0.100")) is { } mac ? Convert.ToHexString(mac) : null);

    [Fact]
    public void NeighbourAdvertisement_OverrideWithTargetLinkLayerAddress() =>
        Assert.Equal(
            Convert.FromHexString(
                "88" + "00" + "0000" + "20000000" + // type 136, code 0, checksum (kernel), flags: override
                "FD000000000000000000000000000005" + // target
                "02" + "01" + "0A1B2C3D4E5F"), // target link-layer address option
            Announcement.NeighbourAdvertisement(Mac, IPAddress.Parse("fd00::5")));

    [Fact]
    public void WrongFamilyOrMac_Throws()
    {
        Assert.Throws<ArgumentException>(() => Announcement.GratuitousArp(Mac, IPAddress.Parse("fd00::5")));
        Assert.Throws<ArgumentException>(() => Announcement.NeighbourAdvertisement(Mac, IPAddress.Parse("10.0.0.1")));
        Assert.Throws<ArgumentException>(() => Announcement.GratuitousArp(new byte[4], IPAddress.Parse("10.0.0.1")));
    }
}
