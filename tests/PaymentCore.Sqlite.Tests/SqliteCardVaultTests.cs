using System.Text;
using Microsoft.Data.Sqlite;
using PaymentCore.DataProtection;
using PaymentCore.Sqlite.Encryption;
using PaymentCore.Testing.DataProtection;

namespace PaymentCore.Sqlite.Tests;

/// <summary>The SQLite vault keeps the vault contract, in a new file per fact.</summary>
public sealed class SqliteCardVaultContractTests : CardVaultContract, IDisposable
{
    private readonly TempDatabase _database = new();

    /// <inheritdoc />
    protected override ValueTask<ICardVault> CreateVaultAsync(KeyRing keys) =>
        new(new SqliteCardVault(new SqliteTransactionStoreOptions { ConnectionString = _database.ConnectionString(), Encryption = keys }));

    public void Dispose() => _database.Dispose();
}

// Issue 12: only an in-memory vault existed, so a tokenized card did not survive a restart.
public sealed class SqliteCardVaultTests : IDisposable
{
    private const string Pan = "4111111111111111";
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static KeyRing Ring(string active, params (string Id, byte Fill)[] keys) =>
        KeyRing.Create(new KeySet([new DataKey("idx", Enumerable.Repeat((byte)99, 32).ToArray()), .. keys.Select(k => new DataKey(k.Id, Enumerable.Repeat(k.Fill, 32).ToArray()))], active, "idx"));

    private SqliteTransactionStoreOptions Options(KeyRing? ring, bool allowPlaintext = false) =>
        new() { ConnectionString = _database.ConnectionString(), Encryption = ring, AllowPlaintext = allowPlaintext };

    // Every byte of the database file and its WAL.
    private string FileBytes()
    {
        SqliteConnection.ClearAllPools();
        var text = new StringBuilder();
        foreach (var path in new[] { _database.PathOf(), _database.PathOf() + "-wal" }.Where(File.Exists))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            text.Append(Encoding.Latin1.GetString(memory.ToArray()));
        }

        return text.ToString();
    }

    [Fact]
    public async Task Tokenize_ThenReopen_DetokenizeReadsIt_AndNoPanInTheFileOrWal()
    {
        string[] pans = [Pan, "5555555555554444", "378282246310005"];
        VaultedCard card;
        {
            var vault = new SqliteCardVault(Options(Ring("k1", ("k1", 1))));
            foreach (var pan in pans)
            {
                await vault.TokenizeAsync(pan, "brand");
            }

            card = await vault.TokenizeAsync(Pan, "visa");
        }

        var reopened = new SqliteCardVault(Options(Ring("k1", ("k1", 1))));
        using (var back = await reopened.DetokenizeAsync(card.Token))
        {
            Assert.Equal(Pan, new string(back!.Number));
        }

        var bytes = FileBytes();
        Assert.Contains(card.Token, bytes, StringComparison.Ordinal); // the scan sees the vault's rows
        Assert.All(pans, pan => Assert.DoesNotContain(pan, bytes, StringComparison.Ordinal));
    }

    [Fact]
    public void Open_WithoutKey_NotConfigured_EvenWhenTheStoreAllowsPlaintext() =>
        Assert.Equal(DataProtectionFailure.NotConfigured, Assert.Throws<DataProtectionException>(() => new SqliteCardVault(Options(null, allowPlaintext: true))).Failure);

    [Fact]
    public async Task Detokenize_CiphertextSwappedBetweenTokens_IsTampered_WrongKey_IsWrongKey()
    {
        var vault = new SqliteCardVault(Options(Ring("k1", ("k1", 1))));
        var a = await vault.TokenizeAsync(Pan, "visa");
        var b = await vault.TokenizeAsync("5555555555554444", "mastercard");
        using (var connection = new SqliteConnection(_database.ConnectionString()))
        {
            connection.Open();
            using var swap = connection.CreateCommand();
            swap.CommandText = "UPDATE card_vault SET pan = (SELECT pan FROM card_vault WHERE token = $b) WHERE token = $a";
            swap.Parameters.AddWithValue("$a", a.Token);
            swap.Parameters.AddWithValue("$b", b.Token);
            Assert.Equal(1, swap.ExecuteNonQuery());
        }

        var tampered = await Assert.ThrowsAsync<DataProtectionException>(() => vault.DetokenizeAsync(a.Token).AsTask());
        var wrongKey = await Assert.ThrowsAsync<DataProtectionException>(() => new SqliteCardVault(Options(Ring("k1", ("k1", 9)))).DetokenizeAsync(b.Token).AsTask());

        Assert.Equal(DataProtectionFailure.Tampered, tampered.Failure);
        Assert.Equal(DataProtectionFailure.WrongKey, wrongKey.Failure);
    }

    [Fact]
    public async Task Rotation_VaultRowsMoveToTheNewKey_OldCardsStayReadable()
    {
        var card = await new SqliteCardVault(Options(Ring("k1", ("k1", 1)))).TokenizeAsync(Pan, "visa");
        var rotated = Options(Ring("k2", ("k1", 1), ("k2", 2)));
        using (var old = await new SqliteCardVault(rotated).DetokenizeAsync(card.Token))
        {
            Assert.Equal(Pan, new string(old!.Number));
        }

        Assert.Equal(1, await SqliteKeyRotation.ReencryptAsync(rotated));
        Assert.Equal(["k2"], (await SqliteKeyRotation.CountByKeyAsync(rotated)).Keys);

        var retired = new SqliteCardVault(Options(Ring("k2", ("k2", 2))));
        Assert.Equal(card, await retired.TokenizeAsync(Pan, "visa"));
        using var back = await retired.DetokenizeAsync(card.Token);
        Assert.Equal(Pan, new string(back!.Number));
    }
}
