namespace EcommerceLake.DemoSources.ReviewApi;

/// <summary>
/// The nested arrays each review of the demo vendor carries, derived from the real data when the review is recorded
/// and stored with it as <c>json</c> text (so the API serves, and the snapshot of the sources reads, the very same
/// bytes; the text never changes afterwards, even when the marketplace data it came from does):
/// <list type="bullet">
/// <item><c>products</c>: the order's items from <c>marketplace.order_items</c> in order_item_id order,
/// <c>[{"product_id":"…","seller_id":"…","price":58.90}]</c>;</item>
/// <item><c>users</c>: the order's customer from <c>marketplace.orders</c> and <c>marketplace.customers</c>,
/// <c>[{"customer_id":"…","customer_unique_id":"…","customer_city":"…","customer_state":"SP"}]</c>;</item>
/// <item><c>sentiments</c>: from review_score, <c>[{"label":"positive","score":1.00,"source":"review_score"}]</c>
/// (4–5 positive, 3 neutral, 1–2 negative; score = (review_score − 1) / 4 with two decimals), <c>[]</c> without a
/// score.</item>
/// </list>
/// Without the marketplace tables (a database holding only the review API's table) products and users are <c>[]</c>.
/// The derivation is a row trigger on <see cref="ReviewApiSchema.Table"/>, so every way a review is written (COPY,
/// INSERT) gets it; a value given explicitly is kept. Compact JSON, deterministic for the same data.
/// </summary>
public static class ReviewNestedArrays
{
    /// <summary>The nested array columns, in the order of the reviews stream spec.</summary>
    public static readonly string[] Columns = ["products", "users", "sentiments"];

    /// <summary>DDL of the trigger function and the trigger (idempotent; needs PostgreSQL 14+ for
    /// <c>CREATE OR REPLACE TRIGGER</c>).</summary>
    public const string Ddl = """
        CREATE OR REPLACE FUNCTION reviews_api.derive_nested_arrays() RETURNS trigger LANGUAGE plpgsql AS $derive$
        BEGIN
            IF NEW.products IS NULL THEN
                IF to_regclass('marketplace.order_items') IS NOT NULL THEN
                    SELECT ('[' || string_agg(format('{"product_id":%s,"seller_id":%s,"price":%s}',
                               COALESCE(to_json(i.product_id)::text, 'null'),
                               COALESCE(to_json(i.seller_id)::text, 'null'),
                               COALESCE(i.price::text, 'null')), ',' ORDER BY i.order_item_id) || ']')::json
                    INTO NEW.products
                    FROM marketplace.order_items AS i
                    WHERE i.order_id = NEW.order_id;
                END IF;
                NEW.products := COALESCE(NEW.products, '[]'::json);
            END IF;
            IF NEW.users IS NULL THEN
                IF to_regclass('marketplace.orders') IS NOT NULL
                    AND to_regclass('marketplace.customers') IS NOT NULL THEN
                    SELECT ('[' || string_agg(format(
                               '{"customer_id":%s,"customer_unique_id":%s,"customer_city":%s,"customer_state":%s}',
                               COALESCE(to_json(o.customer_id)::text, 'null'),
                               COALESCE(to_json(c.customer_unique_id)::text, 'null'),
                               COALESCE(to_json(c.customer_city)::text, 'null'),
                               COALESCE(to_json(c.customer_state)::text, 'null')),
                               ',' ORDER BY o.customer_id) || ']')::json
                    INTO NEW.users
                    FROM marketplace.orders AS o LEFT JOIN marketplace.customers AS c ON c.customer_id = o.customer_id
                    WHERE o.order_id = NEW.order_id;
                END IF;
                NEW.users := COALESCE(NEW.users, '[]'::json);
            END IF;
            IF NEW.sentiments IS NULL THEN
                NEW.sentiments := CASE
                    WHEN NEW.review_score IS NULL THEN '[]'::json
                    ELSE format('[{"label":%s,"score":%s,"source":"review_score"}]',
                        to_json(CASE WHEN NEW.review_score >= 4 THEN 'positive'
                                     WHEN NEW.review_score = 3 THEN 'neutral' ELSE 'negative' END),
                        ((NEW.review_score - 1) / 4.0)::numeric(3, 2))::json
                END;
            END IF;
            RETURN NEW;
        END
        $derive$;
        CREATE OR REPLACE TRIGGER order_reviews_nested_arrays BEFORE INSERT ON reviews_api.order_reviews
            FOR EACH ROW EXECUTE FUNCTION reviews_api.derive_nested_arrays();
        """;
}
