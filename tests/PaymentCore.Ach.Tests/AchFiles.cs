using PaymentCore.Ach.Reading;
using PaymentCore.Ach.Records;

namespace PaymentCore.Ach.Tests;

/// <summary>The hand-made NACHA files under Files/ (one valid payroll, one of every SEC code, one per control error).</summary>
internal static class AchFiles
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Files", name);

    public static async Task<AchFile> ReadAsync(string name, AchReaderOptions? options = null)
    {
        await using var stream = File.OpenRead(PathOf(name));
        return await AchReader.ReadAsync(stream, options);
    }

    public static async Task<AchFormatException> ErrorOfAsync(string name, AchReaderOptions? options = null) =>
        await Assert.ThrowsAsync<AchFormatException>(() => ReadAsync(name, options));
}
