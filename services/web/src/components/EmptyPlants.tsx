/** An account with no plants: the two ways to begin. */
export function EmptyPlants() {
  return (
    <section class="empty" aria-labelledby="empty-title">
      <h2 id="empty-title">No plants yet</h2>
      <p>Rootly watches your plants’ soil and tells you when they need water. Start in two steps:</p>
      <ol class="steps">
        <li>
          <strong>Add a plant.</strong> Give it a name, a kind and a room; Rootly knows how dry each kind may get.
          <div>
            <a class="button" href="/plants/new">
              Add a plant
            </a>
          </div>
        </li>
        <li>
          <strong>Connect a gateway.</strong> Create an API token for your sensor gateway; it sends moisture readings to <code>POST /api/v1/readings</code>.
          <div>
            <a class="button button--quiet" href="/gateways">
              Set up a gateway
            </a>
          </div>
        </li>
      </ol>
    </section>
  );
}
