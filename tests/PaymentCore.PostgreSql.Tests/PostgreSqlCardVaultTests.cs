using Npgsql;
using PaymentCore.DataProtection;
using PaymentCore.PostgreSql.Encryption;
using PaymentCore.Testing.DataProtection;

namespace PaymentCore.PostgreSql.Tests;

/// <summary>The PostgreSQL vault keeps the vault contract, on a new database per fact.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlCardVaultContractTests(PostgresCluster cluster) : CardVaultContract
{
    /// <inheritdoc />
    protected override async ValueTask<ICardVault> CreateVaultAsync(KeyRing keys) =>
        new PostgreSqlCardVault(new PostgreSqlTransactionStoreOptions { ConnectionString = await cluster.CreateDatabaseAsync(), Encryption = keys });
}

// Issue 12: only an in-memory vault existed, so a tokenized card did not survive a restart or reach another instance.
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlCardVaultTests(PostgresCluster cluster)
{
    private const string Pan = "4111111111111111";

    private static KeyRing Ring(string active, params (string Id, byte Fill)[] keys) =>
        KeyRing.Create(new KeySet([new DataKey("idx", Enumerable.Repeat((byte)99, 32).ToArray()), .. keys.Select(k => new DataKey(k.Id, Enumerable.Repeat(k.Fill, 32).ToArray()))], active, "idx"));

    private static PostgreSqlTransactionStoreOptions Options(string connectionString, KeyRing? ring) =>
        new() { ConnectionString = connectionString, Encryption = ring };

    [Fact]
    public async Task Tokenize_OnOneInstance_DetokenizeOnAnother_AndNoPanInPgDump()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        string[] pans = [Pan, "5555555555554444", "378282246310005", "6011111111111117"];
        await using (var first = new PostgreSqlCardVault(Options(connectionString, Ring("k1", ("k1", 1)))))
        {
            foreach (var pan in pans)
            {
                await first.TokenizeAsync(pan, "brand");
            }
        }

        await using var second = new PostgreSqlCardVault(Options(connectionString, Ring("k1", ("k1", 1))));
        var card = await second.TokenizeAsync(Pan, "visa");
        using (var back = await second.DetokenizeAsync(card.Token))
        {
            Assert.Equal(Pan, new string(back!.Number));
        }

        var dump = PostgresCluster.DecodeByteaInDump(await cluster.DumpAsync(connectionString));
        Assert.Contains(card.Token, dump, StringComparison.Ordinal); // the scan reads the vault table
        Assert.All(pans, pan => Assert.DoesNotContain(pan, dump, StringComparison.Ordinal));
        Assert.Equal(pans.Length, (await PostgreSqlKeyRotation.CountByKeyAsync(Options(connectionString, null)))["k1"]);
    }

    [Fact]
    public async Task Open_WithoutKey_NotConfigured_EvenWhenTheStoreAllowsPlaintext()
    {
        var options = new PostgreSqlTransactionStoreOptions { ConnectionString = await cluster.CreateDatabaseAsync(), AllowPlaintext = true };

        var ex = Assert.Throws<DataProtectionException>(() => new PostgreSqlCardVault(options));

        Assert.Equal(DataProtectionFailure.NotConfigured, ex.Failure);
    }

    [Fact]
    public async Task Detokenize_CiphertextSwappedBetweenTokens_IsTampered_WrongKey_IsWrongKey()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using var vault = new PostgreSqlCardVault(Options(connectionString, Ring("k1", ("k1", 1))));
        var a = await vault.TokenizeAsync(Pan, "visa");
        var b = await vault.TokenizeAsync("5555555555554444", "mastercard");
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var swap = new NpgsqlCommand("UPDATE paymentcore.card_vault SET pan = (SELECT pan FROM paymentcore.card_vault WHERE token = $2) WHERE token = $1", connection);
            swap.Parameters.Add(new NpgsqlParameter<string> { TypedValue = a.Token });
            swap.Parameters.Add(new NpgsqlParameter<string> { TypedValue = b.Token });
            Assert.Equal(1, await swap.ExecuteNonQueryAsync());
        }

        var tampered = await Assert.ThrowsAsync<DataProtectionException>(() => vault.DetokenizeAsync(a.Token).AsTask());
        await using var wrong = new PostgreSqlCardVault(Options(connectionString, Ring("k1", ("k1", 9))));
        var wrongKey = await Assert.ThrowsAsync<DataProtectionException>(() => wrong.DetokenizeAsync(b.Token).AsTask());

        Assert.Equal(DataProtectionFailure.Tampered, tampered.Failure);
        Assert.DoesNotContain(Pan, tampered.Message, StringComparison.Ordinal);
        Assert.Equal(DataProtectionFailure.WrongKey, wrongKey.Failure);
    }

    [Fact]
    public async Task Rotation_VaultRowsMoveToTheNewKey_OldCardsStayReadable()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        VaultedCard card;
        await using (var vault = new PostgreSqlCardVault(Options(connectionString, Ring("k1", ("k1", 1)))))
        {
            card = await vault.TokenizeAsync(Pan, "visa");
            await vault.TokenizeAsync("5555555555554444", "mastercard");
        }

        var rotated = Options(connectionString, Ring("k2", ("k1", 1), ("k2", 2)));
        await using (var vault = new PostgreSqlCardVault(rotated))
        {
            using var old = await vault.DetokenizeAsync(card.Token); // still under k1
            Assert.Equal(Pan, new string(old!.Number));
        }

        Assert.Equal(2, await PostgreSqlKeyRotation.ReencryptAsync(rotated));
        Assert.Equal(["k2"], (await PostgreSqlKeyRotation.CountByKeyAsync(rotated)).Keys);

        // k1 retired: the same card keeps its token (the index key stayed) and reads back.
        await using var retired = new PostgreSqlCardVault(Options(connectionString, Ring("k2", ("k2", 2))));
        Assert.Equal(card, await retired.TokenizeAsync(Pan, "visa"));
        using var back = await retired.DetokenizeAsync(card.Token);
        Assert.Equal(Pan, new string(back!.Number));
    }
}
