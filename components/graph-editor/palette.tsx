'use client';

import { useId, useMemo, useState, type DragEvent, type KeyboardEvent } from 'react';
import { groupedOperations, KIND_LABELS, matchesSearch, type OperationDefinition } from './catalogue';
import { DND_MIME, useCanvasController } from './canvas-controller';
import { Icon, iconFor } from './icons';

function PaletteItem({ definition, onAdd }: { definition: OperationDefinition; onAdd: (type: string) => void }) {
  const descriptionId = useId();
  const onDragStart = (event: DragEvent<HTMLButtonElement>) => {
    event.dataTransfer.setData(DND_MIME, definition.type);
    event.dataTransfer.setData('text/plain', definition.type);
    event.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <li>
      <button
        type="button"
        className={`palette-item palette-item-${definition.kind}`}
        draggable
        onDragStart={onDragStart}
        onClick={() => onAdd(definition.type)}
        aria-label={definition.title}
        aria-describedby={descriptionId}
        title={`${definition.type}: drag onto the canvas, or click to add`}
      >
        <span className="palette-item-icon">
          <Icon name={iconFor(definition.type, definition.kind)} size={17} />
        </span>
        <span className="palette-item-text">
          <span className="palette-item-title">{definition.title}</span>
          <span className="palette-item-description" id={descriptionId}>
            {definition.description}
          </span>
        </span>
      </button>
    </li>
  );
}

export function Palette() {
  const [search, setSearch] = useState('');
  const searchId = useId();
  const controller = useCanvasController();
  const groups = useMemo(
    () =>
      groupedOperations().map((group) => ({
        ...group,
        items: group.items.filter((definition) => matchesSearch(definition, search)),
      })),
    [search],
  );
  const matches = groups.flatMap((group) => group.items);

  const onSearchKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' && matches.length > 0) {
      event.preventDefault();
      controller.addOperation(matches[0].type);
    } else if (event.key === 'Escape' && search) {
      event.preventDefault();
      setSearch('');
    }
  };

  return (
    <aside className="palette" aria-label="Operations">
      <div className="palette-search">
        <label htmlFor={searchId} className="visually-hidden">
          Search operations
        </label>
        <input
          id={searchId}
          type="search"
          placeholder="Search operations…"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          onKeyDown={onSearchKeyDown}
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <div className="palette-groups">
        {groups.map((group) =>
          group.items.length > 0 ? (
            <section key={group.kind} className="palette-group" aria-label={KIND_LABELS[group.kind].plural}>
              <h2 className="palette-group-title">
                {KIND_LABELS[group.kind].plural}
                <span className="palette-group-count">{group.items.length}</span>
              </h2>
              <ul>
                {group.items.map((definition) => (
                  <PaletteItem key={definition.type} definition={definition} onAdd={controller.addOperation} />
                ))}
              </ul>
            </section>
          ) : null,
        )}
        {matches.length === 0 ? (
          <p className="palette-empty">
            No operation matches “{search}”. Try a word from its description, like <em>json</em> or <em>dataset</em>.
          </p>
        ) : null}
      </div>
      <p className="palette-hint">
        Drag onto the canvas, or click to add. With one node selected, a click adds the next step after it, connected.
      </p>
    </aside>
  );
}
